package io.churnstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnstream.common.CliRun;
import org.junit.jupiter.api.Test;

class ProducerCliTest {

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
    void should_show_help_with_defaults_precedence_and_exit_codes_on_every_level() {
        for (String sub : new String[]{"streaming", "batch", "generate"}) {
            assertThat(run(sub, "--help")).isZero();
            assertThat(cli.out()).contains("Exit codes:").contains("Default:");
        }
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
