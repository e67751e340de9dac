package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.churnstream.common.TopicIO;
import io.churnstream.broker.KafkaProcess;
import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invariant checker against a real broker, before any consumer exists: a hand-made pipeline (a plain consumer
 * that forwards keys to a predictions or a dead-letter topic and commits) must pass, and an unprocessed record must not.
 */
@Tag("faults")
class InvariantIntegrationTest {

    private static final Pipeline PIPELINE = new Pipeline("inv-in", "inv-predictions", "inv-deadletter", "inv-group");

    @TempDir
    static Path dir;

    private static KafkaProcess kafka;
    private static TopicIO audit;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = KafkaProcess.start(dir.resolve("kafka"));
        audit = new TopicIO(kafka.bootstrapServers());
        audit.create(PIPELINE.input(), 3, Map.of());
        audit.create(PIPELINE.predictions(), 3, Map.of());
        audit.create(PIPELINE.deadLetters(), 1, Map.of());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void should_hold_for_a_pipeline_that_routes_and_commits_every_record_then_catch_one_left_behind() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < 30; i++) {
                send(producer, PIPELINE.input(), "id-" + i % 25);
            }
            producer.flush();
            forwardEverything(producer, 30);

            Invariant.Report report = Invariant.check(audit, PIPELINE, Delivery.EXACTLY_ONCE).assertHolds();
            assertThat(report.inputs()).isEqualTo(30);
            assertThat(report.deadLetters()).isEqualTo(6);

            send(producer, PIPELINE.input(), "id-late");
            producer.flush();
        }
        assertThat(Invariant.check(audit, PIPELINE, Delivery.AT_LEAST_ONCE).violations())
                .anySatisfy(v -> assertThat(v).startsWith("1 ids missing").contains("id-late (in 1, out 0)"))
                .anySatisfy(v -> assertThat(v).startsWith(PIPELINE.input() + "-").contains("but records are readable up to"))
                .hasSize(2);
    }

    /** A stand-in for the consumer: ids ending in 0 or 5 become dead letters, the rest predictions; then commit. */
    private static void forwardEverything(KafkaProducer<byte[], byte[]> producer, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, PIPELINE.group());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(PIPELINE.input()));
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (seen < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String id = new String(r.key(), StandardCharsets.UTF_8);
                    send(producer, id.endsWith("0") || id.endsWith("5") ? PIPELINE.deadLetters() : PIPELINE.predictions(), id);
                    seen++;
                }
                producer.flush();
                consumer.commitSync();
            }
            assertThat(seen).as("records forwarded").isEqualTo(expected);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8)));
    }
}
