package io.churnstream.producer;

import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.VersionProvider;
import picocli.CommandLine.Command;

/** {@code producer.jar}: publishes Telco customers to Kafka, continuously or as a batch, or writes synthetic CSV. */
@Command(name = "producer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Publishes Telco customer records to Kafka (key = customerID, value = JSON with event_ts).",
        subcommands = {StreamingCommand.class, BatchCommand.class, GenerateCommand.class},
        footer = {"", "Kafka settings precedence: tool defaults < --kafka-config FILE < -X key=value < flags.",
            "Data goes to stdout; diagnostics to stderr and logs/kafka_producer.log; run summaries also to reports/."})
public final class ProducerApp {

    public static void main(String[] args) {
        System.exit(Cli.create(new ProducerApp()).execute(args));
    }
}
