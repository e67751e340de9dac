package io.churnstream.common.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnstream.common.CliRun;
import io.churnstream.common.cli.ExitCodes;
import org.junit.jupiter.api.Test;

class TopicsToolCliTest {

    private final CliRun cli = new CliRun(TopicsTool::new);

    @Test
    void should_refuse_a_missing_subcommand_in_one_line_naming_the_subcommands() {
        assertThat(cli.execute()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).isEqualTo("error: missing subcommand: choose one of create, dump, send, count, leader; see 'topics --help'\n");
    }

    @Test
    void should_list_the_exit_codes_in_the_help_of_every_subcommand() {
        for (String sub : new String[]{"create", "dump", "send", "count", "leader"}) {
            assertThat(cli.execute(sub, "--help")).isZero();
            assertThat(cli.out()).contains("Exit codes:").contains("3     Kafka broker unreachable").contains("130");
        }
    }
}
