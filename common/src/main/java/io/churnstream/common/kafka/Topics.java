package io.churnstream.common.kafka;

import java.util.List;
import java.util.Map;

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

    public static List<Spec> pipeline(String raw, String predictions, String deadLetter) {
        return List.of(new Spec(raw, RAW_PARTITIONS), new Spec(predictions, PREDICTION_PARTITIONS),
                new Spec(deadLetter, DEAD_LETTER_PARTITIONS));
    }
}
