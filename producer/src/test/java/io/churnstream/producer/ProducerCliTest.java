package io.churnstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.churnstream.common.CliRun;
import io.churnstream.common.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

class ProducerCliTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun(ProducerApp::new);

    private int run(String... args) {
        return cli.execute(args);
    }

    @Test
    void should_exit_2_without_stack_trace_on_a_bad_flag() {
        assertThat(run("batch", "--no-such-flag")).isEqualTo(2);
        assertThat(cli.err()).contains("error: Unknown option: '--no-such-flag'").contains("--help")
                .doesNotContain("\tat ");
    }

    @Test
    void should_exit_2_on_a_bad_value() {
        assertThat(run("streaming", "--events-per-sec", "fast")).isEqualTo(2);
    }

    @Test
    void should_refuse_a_missing_subcommand_in_one_line_naming_the_subcommands() {
        assertThat(run()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("error: missing subcommand: choose one of streaming, batch, generate; "
                + "see 'producer --help'\n");
    }

    @Test
    void should_read_t_as_the_topic() {
        ParseResult parsed = Cli.create(new ProducerApp()).parseArgs("batch", "-t", "orders");

        assertThat(parsed.subcommand().matchedOption("-t").longestName()).isEqualTo("--topic");
        assertThat(run("batch", "-t", "orders", "--dry-run", "--rows", "1", "--log-dir", dir.toString(),
                "--reports-dir", dir.toString())).isZero();
        assertThat(cli.out()).contains("\"customerID\"");
    }

    @Test
    void should_show_help_with_defaults_precedence_and_exit_codes_on_every_level() {
        for (String sub : new String[]{"streaming", "batch", "generate"}) {
            assertThat(run(sub, "--help")).isZero();
            assertThat(cli.out()).contains("Exit codes:").contains("Default:").contains("130");
        }
        assertThat(cli.out()).as("generate never talks to Kafka").doesNotContain("Kafka broker unreachable");
        assertThat(run("batch", "--help")).isZero();
        assertThat(cli.out()).contains("Kafka broker unreachable");
        assertThat(run("--help")).isZero();
        assertThat(cli.out()).contains("streaming").contains("batch").contains("generate")
                .contains("Kafka settings precedence").contains("-X key=value");
    }

    @Test
    void should_print_the_version() {
        assertThat(run("--version")).isZero();
        assertThat(cli.out()).contains("kafka-clients");
    }
}
