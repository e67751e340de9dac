package io.churnstream.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class RunOptionsTest {

    @Command(name = "run")
    static final class Run {
        @Mixin
        RunOptions run;
    }

    @Test
    void should_hand_each_option_to_the_mixin_that_owns_it() {
        Run command = new Run();
        new CommandLine(command).parseArgs("--bootstrap-servers", "broker-1:9092", "--connect-timeout", "7",
                "--replication-factor", "2", "--reports-dir", "out/reports", "--log-dir", "out/logs", "-q");

        assertThat(command.run.kafka().settings(Map.of()).asMap())
                .containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "broker-1:9092");
        assertThat(command.run.kafka().connectTimeout()).hasSeconds(7);
        assertThat(command.run.replication().requested()).isEqualTo(OptionalInt.of(2));
        assertThat(command.run.reportsDir()).isEqualTo(Path.of("out/reports"));
    }

    @Test
    void should_default_the_reports_dir_and_follow_the_cluster_for_replication() {
        Run command = new Run();
        new CommandLine(command).parseArgs();

        assertThat(command.run.reportsDir()).isEqualTo(Path.of("reports"));
        assertThat(command.run.replication().requested()).isEmpty();
    }
}
