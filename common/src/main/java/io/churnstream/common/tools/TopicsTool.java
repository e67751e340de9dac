package io.churnstream.common.tools;

import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.VersionProvider;
import picocli.CommandLine.Command;

/** Topic housekeeping for scripts: {@code create}, {@code dump} and {@code send}. Ships inside both jars. */
@Command(name = "topics", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Creates the pipeline's topics, dumps their latest records, or sends raw lines to one.",
        subcommands = {CreateTopicsCommand.class, DumpTopicsCommand.class, SendCommand.class})
public final class TopicsTool {

    static final String LOG_FILE = "kafka_topics.log";

    public static void main(String[] args) {
        System.exit(Cli.create(new TopicsTool()).execute(args));
    }
}
