package io.churnstream.consumer;

import io.churnstream.common.cli.VersionProvider;
import io.churnstream.consumer.pipeline.RunLimits;
import picocli.CommandLine.Command;

/** Scores continuously until SIGINT/SIGTERM. */
@Command(name = "streaming", mixinStandardHelpOptions = true, showDefaultValues = true,
        versionProvider = VersionProvider.class,
        description = {"Consumes --input-topic in --consumer-group until SIGINT/SIGTERM, scoring every record; then "
            + "finishes the records in hand, commits, writes the run summary and exits 0.",
            "Rides out broker restarts (retries with backoff); only the first connection fails fast.",
            "Each poll's outputs are sent as soon as it is scored, and the poll is committed before the next one.",
            "Kafka settings precedence: tool defaults (read_committed, auto-commit off, max.poll.records=500; output "
            + "producer acks=all, idempotence, linger.ms=0, no compression, one request in flight) < --kafka-config "
            + "< -X < flags."})
final class StreamingCommand extends ConsumerCommand {

    @Override
    RunLimits limits() {
        return RunLimits.unbounded();
    }
}
