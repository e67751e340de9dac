package io.churnstream.bench;

import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.VersionProvider;
import picocli.CommandLine.Command;

/** {@code bench.jar}: the benchmark behind scripts/bench.sh. Tables on stdout, progress and diagnostics on stderr. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "The churnstream benchmark. Kafka's ProducerPerformance is bundled: "
                + "java -cp bench.jar org.apache.kafka.tools.ProducerPerformance --help",
        subcommands = {RunCommand.class, TableCommand.class})
public final class BenchApp {

    public static void main(String[] args) {
        System.exit(Cli.create(new BenchApp()).execute(args));
    }
}
