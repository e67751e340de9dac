package io.churnstream.common.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.KafkaOptions;
import io.churnstream.common.cli.OutputOptions;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.json.Json;
import io.churnstream.common.kafka.KafkaFailures;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.TopicAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes the last N records of each pipeline topic to {@code reports/kafka_*_sample.json}. */
@Command(name = "dump", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Writes the last N records of the raw, predictions and dead-letter topics as JSON arrays:%n"
                + "  <dir>/kafka_raw_sample.json, kafka_predictions_sample.json, kafka_deadletter_sample.json")
final class DumpTopicsCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", arity = "0..1", defaultValue = "10", description = "Records per topic.")
    int count;

    @Option(names = "--out-dir", defaultValue = "reports", description = "Where the sample files go.")
    Path outDir;

    @Mixin
    PipelineTopics topics;

    @Override
    public Integer call() throws IOException {
        output.applyLogging(TopicsTool.LOG_FILE);
        if (count < 1) {
            throw new UsageException("the record count must be at least 1, got " + count);
        }
        KafkaSettings settings = kafka.settings(Map.of());
        KafkaFailures failures = TopicAdmin.checkReachable(settings, kafka.connectTimeout());
        Files.createDirectories(outDir);
        Map<String, String> files = Map.of(topics.raw, "kafka_raw_sample.json", topics.predictions,
                "kafka_predictions_sample.json", topics.deadLetter, "kafka_deadletter_sample.json");
        try (TopicTail tail = new TopicTail(settings, failures)) {
            for (String topic : topics.names()) {
                List<Map<String, Object>> records = tail.last(topic, count);
                Path file = outDir.resolve(files.get(topic));
                Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(records));
                System.out.println(file + ": " + records.size() + " records from " + topic);
            }
        }
        return ExitCodes.OK;
    }
}
