package io.churnstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.churnstream.common.cli.Cli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProducerCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Cli.create(new ProducerApp());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void should_exit_2_without_stack_trace_on_a_bad_flag() {
        assertThat(run("batch", "--no-such-flag")).isEqualTo(2);
        assertThat(err.toString()).contains("error: Unknown option: '--no-such-flag'").contains("--help")
                .doesNotContain("\tat ");
    }

    @Test
    void should_exit_2_on_a_bad_value() {
        assertThat(run("streaming", "--events-per-sec", "fast")).isEqualTo(2);
    }

    @Test
    void should_show_help_with_defaults_precedence_and_exit_codes_on_every_level() {
        for (String sub : new String[]{"streaming", "batch", "generate"}) {
            out.getBuffer().setLength(0);
            assertThat(run(sub, "--help")).isZero();
            assertThat(out.toString()).contains("Exit codes:").contains("Default:");
        }
        out.getBuffer().setLength(0);
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("streaming").contains("batch").contains("generate")
                .contains("Kafka settings precedence").contains("-X key=value");
    }

    @Test
    void should_print_the_version() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).contains("kafka-clients");
    }
}
