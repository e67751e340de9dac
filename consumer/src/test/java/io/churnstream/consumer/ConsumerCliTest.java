package io.churnstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.churnstream.broker.KafkaProcess;
import io.churnstream.common.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerCliTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun(ConsumerApp::new);

    private int run(String... args) {
        return cli.execute(args);
    }

    @Test
    void should_exit_2_without_stack_trace_on_a_bad_flag() {
        assertThat(run("batch", "--no-such-flag")).isEqualTo(2);
        assertThat(cli.err()).contains("Unknown option: '--no-such-flag'").contains("--help").doesNotContain("\tat ");
    }

    @Test
    void should_refuse_a_missing_subcommand_in_one_line_naming_the_subcommands() {
        assertThat(run()).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("error: missing subcommand: choose one of streaming, batch, model; see 'consumer --help'\n");
    }

    @Test
    void should_accept_the_long_batch_bounds_and_refuse_t_for_the_timeout() {
        int code = run("batch", "--timeout-ms", "30000", "--max-messages", "1000",
                "--bootstrap-servers", "localhost:" + KafkaProcess.freePort(), "--connect-timeout", "1",
                "--log-dir", dir.toString(), "--reports-dir", dir.toString());
        assertThat(code).as(cli.err()).isEqualTo(3);

        assertThat(run("batch", "-t", "30000", "--max-messages", "1000")).isEqualTo(2);
        assertThat(cli.err()).startsWith("error: Unknown option").contains("'-t'").contains("--help").hasLineCount(1);
    }

    @Test
    void should_show_help_with_defaults_and_exit_codes_on_every_level() {
        for (String sub : new String[]{"streaming", "batch"}) {
            assertThat(run(sub, "--help")).isZero();
            assertThat(cli.out()).contains("Exit codes:").contains("130").contains("Default: telco.raw.customers")
                    .contains("--exactly-once").contains("--metrics-port").doesNotContain("--pass-through");
        }
        assertThat(run("--help")).isZero();
        assertThat(cli.out()).contains("streaming").contains("batch").contains("Kafka settings precedence");
    }

    @Test
    void should_refuse_a_missing_model_file_in_one_line_with_exit_2() {
        int code = run("batch", "--model", dir.resolve("nope.pmml").toString(), "--log-dir", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err().trim()).startsWith("error: cannot load model").contains("nope.pmml")
                .contains("--model").doesNotContain("\tat ").hasLineCount(1);
    }

    @Test
    void should_refuse_a_file_that_is_not_pmml_with_exit_2() throws Exception {
        Path bogus = Files.writeString(dir.resolve("model.pmml"), "this is not xml");

        assertThat(run("batch", "--model", bogus.toString(), "--log-dir", dir.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("cannot load model").contains("not a PMML document");
    }

    @Test
    void should_refuse_a_threshold_outside_zero_and_one() {
        assertThat(run("batch", "--threshold", "1.5", "--log-dir", dir.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("--threshold must be strictly between 0 and 1");
    }

    @Test
    void should_refuse_a_metrics_address_of_another_host_before_anything_starts() {
        assertThat(run("batch", "--metrics-port", "9464", "--metrics-bind", "192.0.2.1", "--log-dir", dir.toString()))
                .isEqualTo(2);
        assertThat(cli.err()).isEqualTo("error: --metrics-bind 192.0.2.1 is not an address of this host: use 127.0.0.1,"
                + " 0.0.0.0 (every interface) or one of its addresses\n");
    }

    @Test
    void should_exit_3_with_a_hint_when_no_broker_answers() {
        int code = run("batch", "--bootstrap-servers", "localhost:" + KafkaProcess.freePort(), "--connect-timeout", "2",
                "--log-dir", dir.toString(), "--reports-dir", dir.toString());

        assertThat(code).isEqualTo(3);
        assertThat(cli.err()).contains("cannot reach Kafka at localhost:").contains("within 2s")
                .contains("--bootstrap-servers").doesNotContain("\tat ");
    }
}
