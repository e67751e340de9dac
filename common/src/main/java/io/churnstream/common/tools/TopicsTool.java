package io.churnstream.common.tools;

import java.util.concurrent.Callable;

import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.VersionProvider;
import picocli.CommandLine.Command;

/** Topic housekeeping for scripts: {@code create}, {@code dump} and {@code send}. Ships inside both jars. */
@Command(name = "topics", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Creates the pipeline's topics, dumps their latest records, or sends raw lines to one.",
        subcommands = {CreateTopicsCommand.class, DumpTopicsCommand.class, SendCommand.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:success", "1:runtime failure", "2:bad usage", "3:Kafka broker unreachable"})
public final class TopicsTool implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(Cli.create(new TopicsTool()).execute(args));
    }

    @Override
    public Integer call() {
        System.err.println("choose a subcommand: create, dump or send (see --help)");
        return ExitCodes.USAGE;
    }
}
