package io.churnstream.common.tools;

import java.util.List;

import io.churnstream.common.kafka.Topics;
import picocli.CommandLine.Option;

/** The raw, predictions and dead-letter topics a tool works on, as a picocli mixin. */
final class PipelineTopics {

    @Option(names = "--raw-topic", defaultValue = Topics.RAW_CUSTOMERS, description = "Raw customer topic.")
    String raw;

    @Option(names = "--predictions-topic", defaultValue = Topics.PREDICTIONS, description = "Predictions topic.")
    String predictions;

    @Option(names = "--deadletter-topic", defaultValue = Topics.DEAD_LETTER, description = "Dead-letter topic.")
    String deadLetter;

    /** The three names in pipeline order. */
    List<String> names() {
        return List.of(raw, predictions, deadLetter);
    }

    /** The three topics as the tools create them. */
    List<Topics.Spec> specs() {
        return Topics.pipeline(raw, predictions, deadLetter);
    }
}
