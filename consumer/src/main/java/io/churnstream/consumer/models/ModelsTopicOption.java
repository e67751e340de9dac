package io.churnstream.consumer.models;

import io.churnstream.common.kafka.Topics;
import picocli.CommandLine.Option;

/** The models topic a command reads or writes. */
public final class ModelsTopicOption {

    @Option(names = "--models-topic", paramLabel = "TOPIC", defaultValue = Topics.MODELS,
            description = "Compacted topic of model versions and of which is active and which the shadow.")
    String topic;

    public String topic() {
        return topic;
    }
}
