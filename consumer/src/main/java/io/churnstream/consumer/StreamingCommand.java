package io.churnstream.consumer;

import java.util.concurrent.Callable;

import io.churnstream.common.cli.KafkaOptions;
import io.churnstream.common.cli.OutputOptions;
import io.churnstream.common.cli.VersionProvider;
import io.churnstream.consumer.pipeline.RunLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Scores continuously until SIGINT/SIGTERM. */
@Command(name = "streaming", mixinStandardHelpOptions = true, showDefaultValues = true,
        versionProvider = VersionProvider.class,
        description = {"Consumes --input-topic in --consumer-group until SIGINT/SIGTERM, scoring every record; then "
            + "finishes the records in hand, commits, writes the run summary and exits 0.",
            "Rides out broker restarts (retries with backoff); only the first connection fails fast.",
            "Kafka settings precedence: tool defaults (read_committed, auto-commit off, max.poll.records=500; output "
            + "producer acks=all, idempotence, lz4) < --kafka-config < -X < flags."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:success (also after SIGINT/SIGTERM)",
            "1:runtime failure (outputs not deliverable after --max-attempts)", "2:bad usage or bad input (flag, file, model)",
            "3:Kafka broker unreachable at start-up"})
final class StreamingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConsumerOptions options;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        output.applyLogging("kafka_consumer.log");
        return new ConsumerRun("streaming", options, kafka, spec.commandLine().getOut()).execute(RunLimits.unbounded());
    }
}
