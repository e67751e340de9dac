package io.churnstream.common.tools;

import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.LogSetup;
import io.churnstream.common.cli.VersionProvider;
import picocli.CommandLine.Command;

/** Topic housekeeping for scripts: {@code create}, {@code dump}, {@code send}, {@code count} and {@code leader}. Ships inside both jars. */
@Command(name = "topics", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Creates the pipeline's topics, dumps their latest records, sends raw lines to one, counts what a "
            + "read_committed reader sees in them, or names the broker that leads a topic.",
        subcommands = {CreateTopicsCommand.class, DumpTopicsCommand.class, SendCommand.class, CountCommand.class,
            LeaderCommand.class})
public final class TopicsTool {

    static final String LOG_FILE = "kafka_topics.log";

    public static void main(String[] args) {
        LogSetup.warningsOnly();
        System.exit(Cli.create(new TopicsTool()).execute(args));
    }
}
