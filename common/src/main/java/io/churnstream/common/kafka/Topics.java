package io.churnstream.common.kafka;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;

/** The pipeline's topics and their default partition counts. */
public final class Topics {

    public static final String RAW_CUSTOMERS = "telco.raw.customers";
    public static final String PREDICTIONS = "telco.churn.predictions";
    public static final String DEAD_LETTER = "telco.churn.deadletter";
    public static final String PRODUCER_CHECKPOINTS = "telco.producer.checkpoints";
    public static final String MODELS = "telco.churn.models";
    public static final String PREDICTIONS_SHADOW = "telco.churn.predictions.shadow";

    public static final int RAW_PARTITIONS = 3;
    public static final int PREDICTION_PARTITIONS = 3;
    public static final int DEAD_LETTER_PARTITIONS = 1;
    /** Room for one model version's record: a compressed PMML of several MB, with its card. */
    public static final int MODELS_MAX_MESSAGE_BYTES = 8 << 20;

    private Topics() {
    }

    /**
     * A topic to create if missing, with its replication factor (0: as {@link TopicAdmin.Replication} fits it to the
     * cluster) and the topic configs it is created with (e.g. {@code cleanup.policy=compact}).
     */
    public record Spec(String name, int partitions, int replicas, Map<String, String> configs) {

        public Spec {
            if (replicas < 0 || replicas > Short.MAX_VALUE) {
                throw new IllegalArgumentException("replicas must be 0 (as the cluster allows) or more, not " + replicas);
            }
            configs = Map.copyOf(configs);
        }

        public Spec(String name, int partitions, Map<String, String> configs) {
            this(name, partitions, 0, configs);
        }

        public Spec(String name, int partitions) {
            this(name, partitions, Map.of());
        }
    }

    /**
     * A models topic: one partition, so every reader sees the versions and roles in one order; compacted, so it
     * keeps the latest record of each version and role for good.
     */
    public static Spec models(String name) {
        return new Spec(name, 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MODELS_MAX_MESSAGE_BYTES)));
    }

    public static List<Spec> pipeline(String raw, String predictions, String deadLetter) {
        return List.of(new Spec(raw, RAW_PARTITIONS), new Spec(predictions, PREDICTION_PARTITIONS),
                new Spec(deadLetter, DEAD_LETTER_PARTITIONS));
    }
}
