package io.churnstream.consumer;

import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.VersionProvider;
import io.churnstream.consumer.models.ModelCommand;
import picocli.CommandLine.Command;

/** {@code consumer.jar}: scores customer events from Kafka for churn and publishes predictions and dead letters. */
@Command(name = "consumer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Consumes customer events, scores each for churn with a PMML model, and publishes predictions "
            + "(key = customerID); records that cannot be scored go to the dead-letter topic with the reason.",
        subcommands = {StreamingCommand.class, BatchCommand.class, ModelCommand.class},
        footer = {"", "Kafka settings precedence: tool defaults < --kafka-config FILE < -X key=value < flags.",
            "Prefix a key with consumer. or producer. to give it to one client only (-X producer.linger.ms=10).",
            "The run summary goes to stdout and reports/; diagnostics to stderr and logs/kafka_consumer.log."})
public final class ConsumerApp {

    public static void main(String[] args) {
        System.exit(Cli.create(new ConsumerApp()).execute(args));
    }
}
