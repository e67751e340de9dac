package io.churnstream.common.cli;

import java.nio.file.Path;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every command that runs a pipeline stage against Kafka takes, as one picocli mixin: the connection, the
 * replication of the topics it creates, where its end-of-run summary goes, and its verbosity and log.
 */
public final class RunOptions {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ReplicationOptions replication;

    @Option(names = "--reports-dir", paramLabel = "DIR", defaultValue = "reports",
            description = "Where the run summary is written on exit: <tool>_<mode>_summary_<UTC>.json "
                + "(the consumer adds an HTML view beside it).")
    Path reportsDir;

    @Mixin
    OutputOptions output;

    public KafkaOptions kafka() {
        return kafka;
    }

    public ReplicationOptions replication() {
        return replication;
    }

    public Path reportsDir() {
        return reportsDir;
    }

    /** As {@link OutputOptions#applyLogging(String)}. */
    public void applyLogging(String fileName) {
        output.applyLogging(fileName);
    }
}
