package io.churnstream.common.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.KafkaOptions;
import io.churnstream.common.cli.OutputOptions;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.kafka.KafkaFailures;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.ProducerDefaults;
import io.churnstream.common.kafka.TopicAdmin;
import io.churnstream.common.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Like kafka-console-producer: each input line becomes one record value, as is, so demos can send anything. */
@Command(name = "send", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Sends each line of --file (or stdin) as one record, unvalidated, keyed <key-prefix><line number>.")
final class SendCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = Topics.RAW_CUSTOMERS, description = "Topic to send to.")
    String topic;

    @Option(names = "--file", paramLabel = "FILE", description = "Lines to send (default: stdin).")
    Path file;

    @Option(names = "--key-prefix", paramLabel = "PREFIX", defaultValue = "line-", description = "Key of line N is PREFIX + N.")
    String keyPrefix;

    @Override
    public Integer call() throws IOException {
        output.applyLogging(TopicsTool.LOG_FILE);
        List<String> lines = lines();
        KafkaSettings settings = kafka.settings(ProducerDefaults.streaming());
        KafkaFailures failures = TopicAdmin.checkReachable(settings, kafka.connectTimeout());
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                settings.forClient("producer", ProducerConfig.configNames(), Map.of(ProducerConfig.CLIENT_ID_CONFIG, "churnstream-send")),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < lines.size(); i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, (keyPrefix + (i + 1)).getBytes(StandardCharsets.UTF_8),
                        lines.get(i).getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw failures.explain(e, KafkaFailures.Attempt.PRODUCE, List.of(topic)).orElseGet(() ->
                    new CliException(ExitCodes.RUNTIME_FAILURE, "not every line reached " + topic + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while sending");
        }
        System.out.println(lines.size() + " records sent to " + topic);
        return ExitCodes.OK;
    }

    private List<String> lines() throws IOException {
        try (BufferedReader in = file == null
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return in.lines().toList();
        } catch (NoSuchFileException e) {
            throw new UsageException("file " + file + " does not exist: check --file");
        }
    }
}
