package io.churnstream.consumer;

import io.churnstream.common.cli.UsageException;
import io.churnstream.common.cli.VersionProvider;
import io.churnstream.consumer.pipeline.RunLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The streaming loop, bounded by a record count or a quiet spell; then a summary. */
@Command(name = "batch", mixinStandardHelpOptions = true, showDefaultValues = true,
        versionProvider = VersionProvider.class,
        description = {"Scores like streaming, but stops after --max-messages records or when none arrives for "
            + "--timeout-ms; then commits, writes the run summary and exits 0.",
            "Kafka settings precedence: tool defaults < --kafka-config < -X < flags."})
final class BatchCommand extends ConsumerCommand {

    @Option(names = {"-n", "--max-messages"}, paramLabel = "N", defaultValue = "0",
            description = "Stop after scoring N records (0 = no limit).")
    long maxMessages;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "10000",
            description = "Stop when no record arrives for this long.")
    long timeoutMs;

    @Override
    RunLimits limits() {
        if (maxMessages < 0 || timeoutMs < 1) {
            throw new UsageException("--max-messages must be >= 0 and --timeout-ms >= 1");
        }
        return RunLimits.bounded(maxMessages, timeoutMs);
    }
}
