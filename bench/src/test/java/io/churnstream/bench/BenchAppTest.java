package io.churnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** User mistakes end in one line on stderr and a usage exit code, before anything starts. */
class BenchAppTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Cli.create(new BenchApp());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void withoutASubcommandItNamesTheSubcommands() {
        assertThat(run()).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("error: missing subcommand: choose one of run, table");
    }

    @Test
    void aMissingJarIsNamedWithTheScriptThatBuildsIt(@TempDir Path checkout) throws Exception {
        Files.createDirectories(checkout.resolve("scripts"));
        assertThat(run("run", "--root", checkout.toString(), "--sections", "producer")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).isEqualTo("error: " + checkout.toAbsolutePath().resolve("broker/target/broker.jar")
                + " not found: run ./scripts/bench.sh, which builds what is missing" + System.lineSeparator());
    }

    @Test
    void theScoringSectionAsksForTheJmhBuild(@TempDir Path checkout) throws Exception {
        Files.createDirectories(checkout.resolve("scripts"));
        assertThat(run("run", "--root", checkout.toString(), "--sections", "scoring")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("scripts/bench-model.sh --build-only").doesNotContain("\tat ");
    }

    @Test
    void aMissingReportIsAUsageError(@TempDir Path dir) {
        assertThat(run("table", dir.resolve("bench_x.json").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("error: no report at ");
    }
}
