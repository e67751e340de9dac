package io.churnstream.consumer.models;

import io.churnstream.common.kafka.Topics;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where a consumer without {@code --model} follows its models, and where its shadow predictions go. */
public final class FollowOptions {

    @Mixin
    ModelsTopicOption models;

    @Option(names = "--shadow-topic", paramLabel = "TOPIC", defaultValue = Topics.PREDICTIONS_SHADOW,
            description = "Topic of the shadow model's predictions (key = customerID; a prediction plus shadow_of, "
                + "the active version), written while the models topic names a shadow version.")
    String shadowTopic;

    public String modelsTopic() {
        return models.topic();
    }

    public String shadowTopic() {
        return shadowTopic;
    }
}
