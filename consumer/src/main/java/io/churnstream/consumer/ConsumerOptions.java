package io.churnstream.consumer;

import java.nio.file.Path;

import io.churnstream.common.kafka.Topics;
import io.churnstream.common.observe.MetricsOptions;
import io.churnstream.consumer.pipeline.DeadLetterFormat;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.DriftWindow;
import io.churnstream.model.ScoringEngine;
import org.apache.kafka.clients.consumer.GroupProtocol;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options both subcommands share: topics, group, model, delivery mode and metrics. */
final class ConsumerOptions {

    static final String DEFAULT_GROUP = "churn-prediction-group";

    @Option(names = "--input-topic", paramLabel = "TOPIC", defaultValue = Topics.RAW_CUSTOMERS,
            description = "Topic of customer events to score.")
    String inputTopic;

    @Option(names = "--output-topic", paramLabel = "TOPIC", defaultValue = Topics.PREDICTIONS,
            description = "Topic the predictions go to (key = customerID).")
    String outputTopic;

    @Option(names = "--deadletter-topic", paramLabel = "TOPIC", defaultValue = Topics.DEAD_LETTER,
            description = "Topic for records that cannot be scored (key = the original key).")
    String deadLetterTopic;

    @Option(names = {"-g", "--consumer-group"}, paramLabel = "GROUP",
            description = "Consumer group; instances with the same group share the input partitions "
                + "(default: -X group.id, else " + DEFAULT_GROUP + ").")
    String consumerGroup;

    @Option(names = "--group-protocol", paramLabel = "PROTOCOL",
            description = "How the group shares the partitions: consumer (KIP-848: the broker assigns them and moves "
                + "only those that change owner; needs Kafka 4.0 or later) or classic (every member rejoins on a "
                + "change; the only one Redpanda serves) (default: -X group.protocol, else "
                + GroupProtocols.DEFAULT + ").")
    GroupProtocol groupProtocol;

    @Option(names = "--from-committed-only",
            description = "Refuse to start unless the group has committed offsets on the input topic: for taking over "
                + "an existing group (such as the earlier consumer's), where a mistyped group name would otherwise "
                + "score the whole topic again from the start.")
    boolean fromCommittedOnly;

    @Option(names = "--deadletter-format", paramLabel = "FORMAT", defaultValue = "native",
            description = "native: churnstream's dead letter (original as it was, source partition and offset); "
                + "legacy: a body the earlier Python system's dead-letter schema accepts, the extra context in the "
                + "churn.* headers only.")
    DeadLetterFormat deadLetterFormat;

    @Option(names = "--model", paramLabel = "FILE.pmml",
            description = "One PMML model to score with for the whole run (default: follow --models-topic: its active "
                + "version, taken over between polls when it changes; the bundled churn-gbm model while none was "
                + "ever made active).")
    Path model;

    @Option(names = "--threshold", paramLabel = "P", defaultValue = "" + ChurnModel.DEFAULT_THRESHOLD,
            description = "Churn probability at or above which the prediction is \"Yes\".")
    double threshold;

    @Option(names = "--scoring-engine", paramLabel = "ENGINE", defaultValue = "auto",
            converter = EngineConverter.class,
            description = "auto: the compiled tree-ensemble scorer when the model has a shape it supports and it matches "
                + "jpmml-evaluator on generated customers at startup, else jpmml-evaluator; jpmml: jpmml-evaluator "
                + "for every record.")
    ScoringEngine scoringEngine;

    @Option(names = "--exactly-once",
            description = "Transactional consume-score-produce: a read_committed reader sees exactly one output per input.")
    boolean exactlyOnce;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "Stable name of this instance, part of its transactional.id (default: the host name). "
                + "Give each instance on one host its own.")
    String instanceId;

    @Option(names = "--scoring-threads", paramLabel = "N",
            description = "Threads that score a poll's records (default: the number of cores).")
    Integer scoringThreads;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "10",
            description = "Attempts to deliver a poll's outputs (with exponential backoff) before stopping with exit 1.")
    int maxAttempts;

    @Option(names = "--retry-backoff-ms", paramLabel = "MS", defaultValue = "500",
            description = "First retry delay; it doubles per attempt up to 30000.")
    long retryBackoffMs;

    @Option(names = "--max-error-ratio", paramLabel = "R", defaultValue = "0.5",
            description = "Stop with exit 1 when more than this share of the last --error-window records failed with "
                + "processing or inference errors (a bug or a bad model, not bad data), committing nothing after the "
                + "last good poll; 1 never stops. Parse and validation errors never count.")
    double maxErrorRatio;

    @Option(names = "--error-window", paramLabel = "N", defaultValue = "1000",
            description = "Records over which --max-error-ratio is measured (checked from 100 records on).")
    int errorWindow;

    @Option(names = "--max-record-bytes", paramLabel = "BYTES", defaultValue = "65536",
            description = "Larger input values are dead-lettered unread (a customer event is about 600 bytes).")
    int maxRecordBytes;

    @Mixin
    MetricsOptions metrics;

    @Mixin
    ModelCacheOption modelCache;

    @Option(names = "--drift-window", paramLabel = "N", defaultValue = "" + DriftWindow.DEFAULT_CAPACITY,
            description = "Scored records whose inputs and scores are compared with the model card's training profile "
                + "(population stability index, in the metrics and the run summary); 0 turns drift monitoring off.")
    int driftWindow;

    @Option(names = "--pass-through", hidden = true,
            description = "Benchmark baseline: copy inputs to the output topic unscored.")
    boolean passThrough;

    int threads() {
        return scoringThreads != null ? scoringThreads : Runtime.getRuntime().availableProcessors();
    }

    /** Accepts the engine names in any case. */
    static final class EngineConverter implements ITypeConverter<ScoringEngine> {
        @Override
        public ScoringEngine convert(String value) {
            for (ScoringEngine engine : ScoringEngine.values()) {
                if (engine.name().equalsIgnoreCase(value)) {
                    return engine;
                }
            }
            throw new TypeConversionException("expected auto or jpmml, got '" + value + "'");
        }
    }
}
