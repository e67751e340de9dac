package io.churnstream.common.report;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What a consumer run did: its settings, then its counts, churn rates, latencies and input offsets, and the drift
 * of its inputs. Its rate in the {@link RunSummary} header counts consumed records; every count is of records whose
 * outputs were delivered.
 *
 * @param copied records copied unscored by the hidden benchmark baseline {@code --pass-through}
 * @param churnRate share of predictions that are "Yes", 0..1
 * @param drift null, and absent from the JSON, when drift monitoring is off
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ConsumerFigures(@JsonUnwrapped Settings settings, long consumed, long predicted, long copied,
                              DeadLetters deadLettered, double churnRate, Map<String, ContractRate> churnRateByContract,
                              List<ProbabilityBin> probabilityHistogram, Latency scoringLatencyMs,
                              Latency endToEndLatencyMs, List<PartitionRange> partitions,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Drift drift) {

    /** How the run was set up. {@code delivery} is {@code at-least-once} or {@code exactly-once}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Settings(String consumerGroup, String inputTopic, String outputTopic, String deadletterTopic,
                           String delivery, String modelVersion, double threshold, int scoringThreads,
                           boolean passThrough) {
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
