package io.churnstream.common.report;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What a consumer run did: its settings, then its counts, churn rates, latencies and input offsets, the models it
 * refused, how its shadow model agreed with the active one, and the drift of its inputs. Its rate in the
 * {@link RunSummary} header counts consumed records; every count is of records whose outputs were delivered.
 *
 * @param predictedByModelVersion predictions per {@code model_version}, in the order the versions first scored
 * @param copied records copied unscored by the hidden benchmark baseline {@code --pass-through}
 * @param churnRate share of predictions that are "Yes", 0..1
 * @param modelsRefused model versions (or unreadable records of the models topic) refused during the run
 * @param shadow one entry per pair of shadow and active versions that scored during the run
 * @param drift null, and absent from the JSON, when drift monitoring is off
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConsumerFigures(@JsonUnwrapped Settings settings, long consumed, long predicted,
                              Map<String, Long> predictedByModelVersion, long copied, DeadLetters deadLettered,
                              double churnRate, Map<String, ContractRate> churnRateByContract,
                              List<ProbabilityBin> probabilityHistogram, Latency scoringLatencyMs,
                              Latency endToEndLatencyMs, List<PartitionRange> partitions,
                              List<ModelRefusal> modelsRefused, List<ShadowAgreement> shadow,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Drift drift) {

    /**
     * How the run was set up. {@code delivery} is {@code at-least-once} or {@code exactly-once}; {@code modelVersion}
     * is the model in use at the end, {@code modelSource} where it came from (the models topic, a file, the bundled
     * model).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Settings(String consumerGroup, String inputTopic, String outputTopic, String deadletterTopic,
                           String delivery, String modelVersion, String modelSource, double threshold,
                           int scoringThreads, boolean passThrough) {
    }

    /** A refused model version: its reason (unparseable, contract_mismatch, ...), the message, when (UTC). */
    public record ModelRefusal(String version, String reason, String message, String at) {
    }

    /**
     * How the shadow {@code modelVersion} agreed with the active {@code shadowOf}: over {@code compared} records,
     * the share whose labels agree and the mean and 99th percentile of |Δp|; and the records that got no shadow
     * prediction because the shadow refused them, fell behind or its topic did not acknowledge them.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ShadowAgreement(String modelVersion, String shadowOf, long compared, long labelsAgreed,
                                  double labelAgreement, double meanAbsDiff, double p99AbsDiff, long failed,
                                  long dropped, long undelivered) {
    }

    /** Dead letters in all, and by error type (every type listed, zero included). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeadLetters(long total, Map<String, Long> byType) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ContractRate(long predictions, double churnRate) {
    }

    /** Predictions with a churn probability in [from, to). */
    public record ProbabilityBin(double from, double to, long count) {
    }

    /** Latency percentiles in milliseconds over {@code count} records (all 0 when there are none). */
    public record Latency(long count, double p50, double p95, double p99, double max) {
    }

    /** The offsets of one input partition this run consumed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PartitionRange(String topic, int partition, long firstOffset, long lastOffset, long records) {
    }

    /**
     * The drift window at the end of the run against the model card's training profile: the population stability
     * index of each input (dataset column names, in the profile's order) and of the churn probability, each null
     * while the window is empty, and the inputs whose PSI is above {@code significantPsi}, highest first.
     *
     * @param windowSize the most records the window holds ({@code --drift-window})
     * @param windowRecords the scored records in it at the end, the last ones of the run
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Drift(int windowSize, int windowRecords, double significantPsi, Map<String, Double> featurePsi,
                        Double scorePsi, List<String> driftedFeatures) {
    }
}
