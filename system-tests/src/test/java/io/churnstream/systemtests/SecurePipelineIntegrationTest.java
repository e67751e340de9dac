package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.churnstream.broker.KafkaProcess;
import io.churnstream.common.TestJars;
import io.churnstream.common.kafka.Topics;
import io.churnstream.common.process.JvmProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both jars, exactly once, against {@code broker.jar --secure} with nothing but the client settings files it writes:
 * proof that the service accounts' ACLs are enough for the jars as they are, and that no ACL warning shows up.
 */
class SecurePipelineIntegrationTest {

    private static final Path BROKER = Path.of("..", "broker", "target", "broker.jar");
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final int ROWS = 300;

    @TempDir
    Path dir;

    @Test
    void should_run_producer_and_consumer_exactly_once_with_their_own_accounts_only() throws Exception {
        Path data = dir.resolve("broker");
        int port = KafkaProcess.freePortRange(3);
        try (JvmProcess broker = JvmProcess.jar(BROKER).args("--secure", "--port", Integer.toString(port),
                "--data-dir", data.toString(), "--ready-timeout", "180").output(dir.resolve("broker.out")).start()) {
            broker.awaitLine(l -> l.startsWith("client settings: "), TIMEOUT);
            GeneratedInput input = GeneratedInput.generate(dir, ROWS, 11);

            Path producerLog = dir.resolve("producer").resolve("producer.out");
            int produced = TestJars.run(Jars.PRODUCER, producerLog, TIMEOUT, List.of("batch", "--input",
                    input.file().toString(), "--exactly-once", "--checkpoint", "checkpoint.json", "--log-dir", "logs",
                    "--kafka-config", data.resolve("client-producer.properties").toString()));
            assertThat(produced).as(Files.readString(producerLog)).isZero();

            Path consumerLog = dir.resolve("consumer").resolve("consumer.out");
            int consumed = TestJars.run(Jars.CONSUMER, consumerLog, TIMEOUT, List.of("batch", "--exactly-once",
                    "--max-messages", Integer.toString(ROWS), "--timeout-ms", "60000", "--log-dir", "logs",
                    "--reports-dir", "reports", "--kafka-config", data.resolve("client-consumer.properties").toString()));
            String consumerOutput = Files.readString(consumerLog);
            assertThat(consumed).as(consumerOutput).isZero();
            assertThat(consumerOutput).as("no authorization warning").doesNotContainIgnoringCase("authorization");

            assertThat(committedPredictions(data.resolve("client-admin.properties"))).isEqualTo(ROWS);
        }
    }

    /** The predictions a read_committed reader sees, read as admin. */
    private static int committedPredictions(Path adminSettings) throws Exception {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(adminSettings)) {
            props.load(in);
        }
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(Topics.PREDICTIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            long end = reader.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (partitions.stream().mapToLong(reader::position).sum() < end && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records.size();
    }
}
