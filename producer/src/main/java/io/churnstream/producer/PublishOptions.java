package io.churnstream.producer;

import java.nio.file.Path;

import io.churnstream.common.kafka.Topics;
import picocli.CommandLine.Option;

/** Where records go and how the run is reported. */
final class PublishOptions {

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", defaultValue = Topics.RAW_CUSTOMERS, description = "Topic to publish to.")
    String topic;

    @Option(names = "--dry-run", description = "Do everything except the network: print the JSON that would be sent to stdout, one line per record.")
    boolean dryRun;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the final summary as JSON to FILE.")
    Path summaryJson;
}
