package io.churnstream.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;

import io.churnstream.common.CliRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class CliTest {

    @Command(name = "tool", subcommands = {Online.class, Offline.class})
    static final class Tool {
    }

    @Command(name = "online", mixinStandardHelpOptions = true)
    static final class Online implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "--timeout-ms")
        long timeoutMs;

        @Override
        public Integer call() {
            return ExitCodes.OK;
        }
    }

    @Command(name = "offline", mixinStandardHelpOptions = true, subcommands = Leaf.class)
    static final class Offline {
    }

    @Command(name = "leaf", mixinStandardHelpOptions = true)
    static final class Leaf implements Callable<Integer> {
        @Override
        public Integer call() {
            return ExitCodes.OK;
        }
    }

    private final CliRun cli = new CliRun(Tool::new);

    @Test
    void should_list_every_exit_code_of_ExitCodes_under_every_command_of_the_tree() {
        CommandLine tool = Cli.create(new Tool());

        for (CommandLine cmd : new CommandLine[]{tool, tool.getSubcommands().get("online")}) {
            assertThat(cmd.getCommandSpec().usageMessage().exitCodeList()).as(cmd.getCommandName())
                    .containsOnlyKeys("0", "1", "2", "3", "130");
        }
        assertThat(cmd(tool, "online").getUsageMessage(CommandLine.Help.Ansi.OFF))
                .contains("Exit codes:").contains("130   interrupted before a clean stop");
    }

    @Test
    void should_leave_out_broker_unreachable_where_no_command_below_has_kafka_options() {
        CommandLine tool = Cli.create(new Tool());

        for (CommandLine cmd : new CommandLine[]{cmd(tool, "offline"), cmd(cmd(tool, "offline"), "leaf")}) {
            assertThat(cmd.getCommandSpec().usageMessage().exitCodeList()).as(cmd.getCommandName())
                    .containsOnlyKeys("0", "1", "2", "130");
        }
    }

    @Test
    void should_refuse_a_missing_subcommand_in_one_line_naming_the_subcommands() {
        assertThat(cli.execute()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).isEqualTo("error: missing subcommand: choose one of online, offline; see 'tool --help'\n");

        assertThat(cli.execute("offline")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).isEqualTo("error: missing subcommand: choose one of leaf; see 'tool offline --help'\n");
    }

    @Test
    void should_run_the_subcommand_and_answer_help_on_a_command_that_only_groups_subcommands() {
        assertThat(cli.execute("offline", "leaf")).isEqualTo(ExitCodes.OK);
        assertThat(cli.execute("offline", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("Usage: tool offline").contains("leaf");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void should_report_an_unknown_option_in_one_line_with_the_close_matches() {
        assertThat(cli.execute("online", "-t", "30000")).isEqualTo(ExitCodes.USAGE);

        assertThat(cli.err()).startsWith("error: Unknown option").contains("'-t'").contains("did you mean --timeout-ms")
                .contains("see 'tool online --help'").hasLineCount(1);
    }

    private static CommandLine cmd(CommandLine parent, String name) {
        return parent.getSubcommands().get(name);
    }
}
