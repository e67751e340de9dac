package io.churnstream.producer;

import java.nio.file.Path;

import io.churnstream.common.kafka.Topics;
import io.churnstream.producer.report.RunStats;
import io.churnstream.producer.report.Summary;
import io.churnstream.producer.send.WireFormat;
import picocli.CommandLine.Option;

/** Where records go and how the run is reported. */
final class PublishOptions {

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", defaultValue = Topics.RAW_CUSTOMERS, description = "Topic to publish to.")
    String topic;

    @Option(names = "--dry-run", description = "Do everything except the network: print the JSON that would be sent to stdout, one line per record.")
    boolean dryRun;

    @Option(names = "--wire-format", paramLabel = "FORMAT", defaultValue = "native",
            description = "native: churnstream's types (TotalCharges a number, null when unknown); legacy: the earlier "
                + "Python producer's (TotalCharges a decimal string, \" \" when unknown), for consumers that still "
                + "check its schema. The consumer reads both.")
    WireFormat wireFormat;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the run summary to FILE.")
    Path summaryJson;

    /**
     * Logs the summary of a {@code mode} run that ended as {@code outcome}, and writes it into {@code reportsDir} and to
     * --summary-json.
     */
    void report(String mode, RunStats stats, String outcome, Path reportsDir) {
        Summary.report(Summary.of(mode, stats, outcome, topic, dryRun), reportsDir, summaryJson);
    }
}
