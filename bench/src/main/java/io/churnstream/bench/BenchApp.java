package io.churnstream.bench;

import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bench.jar}: the measuring helpers behind {@code scripts/bench.sh}. Data on stdout, diagnostics on stderr. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Helpers for scripts/bench.sh. Kafka's ProducerPerformance is bundled: "
                + "java -cp bench.jar org.apache.kafka.tools.ProducerPerformance --help",
        subcommands = {TopicsCommand.class, PayloadCommand.class, LatencyCommand.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:success", "1:runtime failure", "2:bad usage",
            "3:Kafka broker unreachable"})
public final class BenchApp implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Cli.create(new BenchApp()).execute(args));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: topics, payload or latency");
    }
}
