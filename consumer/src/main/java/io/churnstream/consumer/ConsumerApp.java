package io.churnstream.consumer;

import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code consumer.jar}: scores customer events from Kafka for churn and publishes predictions and dead letters. */
@Command(name = "consumer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Consumes customer events, scores each for churn with a PMML model, and publishes predictions "
            + "(key = customerID); records that cannot be scored go to the dead-letter topic with the reason.",
        subcommands = {StreamingCommand.class, BatchCommand.class},
        footer = {"", "Kafka settings precedence: tool defaults < --kafka-config FILE < -X key=value < flags.",
            "Prefix a key with consumer. or producer. to give it to one client only (-X producer.linger.ms=10).",
            "The run summary goes to stdout; diagnostics to stderr and logs/kafka_consumer.log."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:success (also after SIGINT/SIGTERM)",
            "1:runtime failure (e.g. an output could not be written after all retries)",
            "2:bad usage or bad input (flag, file, model)",
            "3:Kafka broker unreachable"})
public final class ConsumerApp implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Cli.create(new ConsumerApp()).execute(args));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: streaming or batch");
    }
}
