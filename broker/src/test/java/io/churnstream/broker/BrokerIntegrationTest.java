package io.churnstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.churnstream.common.process.JvmProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

class BrokerIntegrationTest {

    private static final Path JAR = Path.of("target", "broker.jar");

    @TempDir
    Path dataDir;

    @Test
    void should_keep_acknowledged_records_after_kill_9_and_restart() throws Exception {
        try (KafkaProcess kafka = KafkaProcess.start(dataDir)) {
            String topic = "durable-" + UUID.randomUUID();
            produce(kafka.bootstrapServers(), topic, 500);

            kafka.kill();
            assertThat(kafka.isAlive()).isFalse();
            kafka.restart();

            List<String> values = consumeAll(kafka.bootstrapServers(), topic, 500);
            assertThat(values).hasSize(500).startsWith("value-0").endsWith("value-499");
        }
    }

    @Test
    @ExtendWith(KafkaBrokerExtension.class)
    void should_produce_and_consume_through_the_chosen_broker(TestBroker broker) throws Exception {
        String topic = "roundtrip-" + UUID.randomUUID();
        produce(broker.bootstrapServers(), topic, 100);

        assertThat(consumeAll(broker.bootstrapServers(), topic, 100)).hasSize(100).contains("value-42");
        assertThat(broker.kind()).isIn("external", "redpanda", "local-kafka");
    }

    @Test
    void should_print_ready_line_from_the_fat_jar_and_stop_on_sigterm() throws Exception {
        assertThat(JAR).exists();
        int port = KafkaProcess.freePort();
        try (JvmProcess broker = JvmProcess.jar(JAR).args("--port", Integer.toString(port),
                "--controller-port", Integer.toString(KafkaProcess.freePort()), "--data-dir", dataDir.toString())
                .output(dataDir.resolve("broker.out")).start()) {
            String ready = broker.awaitLine(line -> line.startsWith("ready: "), Duration.ofSeconds(30));
            assertThat(ready).isEqualTo("ready: bootstrap.servers=localhost:" + port);
            produce("localhost:" + port, "jar-check", 10);

            broker.terminate();
            assertThat(broker.waitFor(Duration.ofSeconds(60))).as("broker exits after SIGTERM").isTrue();
            assertThat(Files.exists(dataDir.resolve("logs").resolve("meta.properties"))).isTrue();
        }
    }

    @Test
    void should_refuse_a_port_in_use_in_one_line() throws Exception {
        try (ServerSocket taken = new ServerSocket(0);
             JvmProcess broker = JvmProcess.jar(JAR).args("--port", Integer.toString(taken.getLocalPort()),
                     "--data-dir", dataDir.toString()).output(dataDir.resolve("broker.out")).start()) {
            assertThat(broker.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(broker.output()).isEqualTo("error: port " + taken.getLocalPort() + " (--port) is already in use"
                    + " (is another broker using the port or the data dir? stop it with ./scripts/stop-broker.sh"
                    + " or pick another --port or --data-dir)\n");
        }
    }

    @Test
    void should_refuse_a_data_dir_in_use_in_one_line_and_leave_its_broker_alone() throws Exception {
        try (KafkaProcess kafka = KafkaProcess.start(dataDir);
             JvmProcess second = JvmProcess.jar(JAR).args("--port", Integer.toString(KafkaProcess.freePort()),
                     "--controller-port", Integer.toString(KafkaProcess.freePort()), "--data-dir", dataDir.toString())
                     .output(dataDir.getParent().resolve(dataDir.getFileName() + "-second.out")).start()) {
            assertThat(second.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
            assertThat(second.output()).isEqualTo("error: the data dir " + dataDir + " is in use by another broker (pid "
                    + kafka.pid() + "): stop it with ./scripts/stop-broker.sh or pick another --data-dir\n");

            String topic = "still-there-" + UUID.randomUUID();
            produce(kafka.bootstrapServers(), topic, 10);
            assertThat(consumeAll(kafka.bootstrapServers(), topic, 10)).hasSize(10);
            assertThat(kafka.isAlive()).isTrue();
        }
    }

    static void produce(String bootstrap, String topic, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    static List<String> consumeAll(String bootstrap, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
