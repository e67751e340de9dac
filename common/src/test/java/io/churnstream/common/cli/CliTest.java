package io.churnstream.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.Callable;

import io.churnstream.common.CliRun;
import org.apache.kafka.common.errors.TopicAuthorizationException;
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

    /** A command whose Kafka options come through a mixin's own mixins. */
    @Command(name = "running", mixinStandardHelpOptions = true)
    static final class Running implements Callable<Integer> {
        @Mixin
        RunOptions run;

        @Override
        public Integer call() {
            return ExitCodes.OK;
        }
    }

    /** A command that fails the way a Kafka client does when an ACL is missing, or with a secret in its message. */
    @Command(name = "failing", mixinStandardHelpOptions = true)
    static final class Failing implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;

        @Option(names = "-v")
        boolean verbose;

        @Option(names = "--with-secret")
        String secret;

        @Override
        public Integer call() {
            if (secret != null) {
                throw new IllegalStateException("a client said " + secret);
            }
            throw new TopicAuthorizationException(Set.of("t"));
        }
    }

    private final CliRun cli = new CliRun(Tool::new);

    @Test
    void should_list_every_exit_code_of_ExitCodes_under_every_command_of_the_tree() {
        CommandLine tool = Cli.create(new Tool());

        for (CommandLine cmd : new CommandLine[]{tool, tool.getSubcommands().get("online")}) {
            assertThat(cmd.getCommandSpec().usageMessage().exitCodeList()).as(cmd.getCommandName())
                    .containsOnlyKeys("0", "1", "2", "3", "4", "130");
        }
        assertThat(cmd(tool, "online").getUsageMessage(CommandLine.Help.Ansi.OFF))
                .contains("Exit codes:").contains("130   interrupted before a clean stop");
    }

    @Test
    void should_list_broker_unreachable_for_kafka_options_that_a_mixin_brings_in() {
        CommandLine running = Cli.create(new Running());

        assertThat(running.getCommandSpec().usageMessage().exitCodeList())
                .containsOnlyKeys("0", "1", "2", "3", "4", "130");
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

    @Test
    void should_mask_a_secret_argument_that_a_parse_error_quotes() {
        assertThat(cli.execute("online", "sasl.jaas.config=org.example.LoginModule required password=\"quoted-pw-4711\";"))
                .isEqualTo(ExitCodes.USAGE);

        assertThat(cli.err()).startsWith("error: Unmatched argument").contains("sasl.jaas.config=********")
                .doesNotContain("quoted-pw-4711").hasLineCount(1);
    }

    @Test
    void should_exit_4_for_a_refusal_by_kafka_that_no_command_explained() {
        CliRun failing = new CliRun(Failing::new);

        assertThat(failing.execute()).isEqualTo(ExitCodes.ACCESS_DENIED);
        assertThat(failing.err()).startsWith("error: Not authorized to access topics: [t]").hasLineCount(1);
    }

    @Test
    void should_mask_the_secrets_of_the_settings_in_an_error_and_its_stack_trace() {
        CliRun failing = new CliRun(Failing::new);

        int exit = failing.execute("-v", "-X", "ssl.keystore.password=stack-pw-4711", "--with-secret", "stack-pw-4711");

        assertThat(exit).isEqualTo(ExitCodes.RUNTIME_FAILURE);
        assertThat(failing.err()).startsWith("error: a client said ********").contains("\tat ").doesNotContain("stack-pw-4711");
    }

    private static CommandLine cmd(CommandLine parent, String name) {
        return parent.getSubcommands().get(name);
    }
}
