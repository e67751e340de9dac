package io.churnstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.churnstream.common.kafka.Topics;
import io.churnstream.common.process.JvmProcess;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar broker.jar --secure}: TLS, SCRAM users and least-privilege ACLs, checked with real clients. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureBrokerIntegrationTest {

    private static final Path JAR = Path.of("target", "broker.jar");
    private static final Duration READY = Duration.ofMinutes(3);
    private static final String GROUP = "churn-prediction-group";

    @TempDir
    static Path dir;

    private static Path data;
    private static int port;
    private static JvmProcess broker;
    private static String settingsLine;

    @BeforeAll
    static void startBroker() {
        data = dir.resolve("data");
        port = KafkaProcess.freePortRange(3);
        broker = start("first.out");
        assertThat(broker.awaitLine(l -> l.startsWith("ready"), READY)).isEqualTo("ready: bootstrap.servers=localhost:" + port);
        settingsLine = broker.awaitLine(l -> true, Duration.ofSeconds(10));
    }

    private static JvmProcess start(String output, String... extra) {
        List<String> args = new ArrayList<>(List.of("--secure", "--port", Integer.toString(port), "--data-dir", data.toString(),
                "--ready-timeout", Long.toString(READY.toSeconds())));
        args.addAll(List.of(extra));
        return JvmProcess.jar(JAR).args(args).output(dir.resolve(output)).start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop(Duration.ofSeconds(60));
        }
    }

    @Test
    @Order(1)
    void should_say_where_the_client_settings_are_and_keep_every_secret_file_private() throws Exception {
        assertThat(settingsLine).isEqualTo("client settings: " + data.resolve("client-admin.properties") + ", "
                + data.resolve("client-producer.properties") + ", " + data.resolve("client-consumer.properties")
                + " (CA certificate for non-Java clients: " + data.resolve("ca.pem") + ")");
        for (String file : List.of("client-admin.properties", "client-producer.properties", "client-consumer.properties",
                "secrets.properties", "server.properties", "truststore.p12", "tls/broker.p12", "tls/ca.p12")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(file)))).as(file)
                    .isEqualTo("rw-------");
        }
        Properties producer = client("producer");
        assertThat(producer).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.type", "PKCS12").containsEntry("bootstrap.servers", "localhost:" + port)
                .containsEntry("ssl.truststore.location", data.resolve("truststore.p12").toAbsolutePath().toString());
        assertThat(producer.getProperty("sasl.jaas.config")).contains("username=\"churn-producer\"");
        assertThat(Files.readString(data.resolve("ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----\n");
    }

    @Test
    @Order(2)
    void should_have_created_the_pipeline_topics_as_admin() throws Exception {
        try (Admin admin = Admin.create(client("admin"))) {
            List<String> names = List.of(Topics.RAW_CUSTOMERS, Topics.PREDICTIONS, Topics.DEAD_LETTER,
                    Topics.PRODUCER_CHECKPOINTS, Topics.MODELS, Topics.PREDICTIONS_SHADOW);
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
            assertThat(names.stream().map(n -> topics.get(n).partitions().size()).toList()).containsExactly(3, 3, 1, 1, 1, 3);
            for (String compacted : List.of(Topics.MODELS, Topics.PRODUCER_CHECKPOINTS)) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, compacted);
                Config config = admin.describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS).get(resource);
                assertThat(config.get("cleanup.policy").value()).as(compacted).isEqualTo("compact");
            }
        }
    }

    @Test
    @Order(3)
    void should_let_the_producer_write_raw_records_and_its_checkpoints_and_nothing_else() throws Exception {
        try (KafkaProducer<String, String> producer = producer("producer", Map.of())) {
            producer.send(new ProducerRecord<>(Topics.RAW_CUSTOMERS, "c-1", "raw")).get(60, TimeUnit.SECONDS);
            assertDenied(() -> producer.send(new ProducerRecord<>(Topics.PREDICTIONS, "c-1", "forged")).get(60, TimeUnit.SECONDS),
                    TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, String> producer = producer("producer",
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "churnstream-producer-" + UUID.randomUUID()))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.RAW_CUSTOMERS, "c-2", "raw in a transaction"));
            producer.send(new ProducerRecord<>(Topics.PRODUCER_CHECKPOINTS, "txn", "{\"nextRow\":1}"));
            producer.commitTransaction();
        }
        try (KafkaProducer<String, String> producer = producer("producer",
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "churnstream-consumer-stolen"))) {
            assertDenied(producer::initTransactions, TransactionalIdAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> reader = consumer("producer", Map.of())) {
            reader.assign(List.of(new TopicPartition(Topics.PREDICTIONS, 0)));
            assertDenied(() -> reader.poll(Duration.ofSeconds(10)), TopicAuthorizationException.class);
        }
    }

    @Test
    @Order(4)
    void should_let_the_consumer_read_raw_records_in_its_group_and_write_predictions_and_nothing_else() throws Exception {
        String key = "c-" + UUID.randomUUID();
        try (KafkaProducer<String, String> admin = producer("admin", Map.of())) {
            admin.send(new ProducerRecord<>(Topics.RAW_CUSTOMERS, key, "for the consumer")).get(60, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = consumer("consumer", Map.of(ConsumerConfig.GROUP_ID_CONFIG, GROUP))) {
            consumer.subscribe(List.of(Topics.RAW_CUSTOMERS));
            List<String> keys = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!keys.contains(key) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
            }
            assertThat(keys).contains(key);
            consumer.commitSync();
        }
        try (KafkaConsumer<String, String> models = consumer("consumer", Map.of())) {
            models.assign(List.of(new TopicPartition(Topics.MODELS, 0)));
            assertThat(models.poll(Duration.ofSeconds(2))).isEmpty();
        }
        try (KafkaConsumer<String, String> stranger = consumer("consumer", Map.of(ConsumerConfig.GROUP_ID_CONFIG, "another-group"))) {
            stranger.subscribe(List.of(Topics.RAW_CUSTOMERS));
            assertDenied(() -> stranger.poll(Duration.ofSeconds(10)), GroupAuthorizationException.class);
        }
        try (KafkaProducer<String, String> producer = producer("consumer", Map.of())) {
            producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, key, "dead letter")).get(60, TimeUnit.SECONDS);
            assertDenied(() -> producer.send(new ProducerRecord<>(Topics.RAW_CUSTOMERS, key, "forged")).get(60, TimeUnit.SECONDS),
                    TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, String> producer = producer("consumer",
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "churnstream-consumer-" + GROUP + "-test"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.PREDICTIONS, key, "prediction"));
            producer.send(new ProducerRecord<>(Topics.PREDICTIONS_SHADOW, key, "shadow prediction"));
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition(Topics.RAW_CUSTOMERS, 0), new OffsetAndMetadata(0)),
                    new ConsumerGroupMetadata(GROUP));
            producer.commitTransaction();
        }
        try (KafkaProducer<String, String> producer = producer("consumer",
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "churnstream-producer-stolen"))) {
            assertDenied(producer::initTransactions, TransactionalIdAuthorizationException.class);
        }
    }

    @Test
    @Order(5)
    void should_refuse_a_wrong_password_and_a_plaintext_client() throws Exception {
        Properties wrong = client("admin");
        wrong.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"admin\" password=\"not-the-password\";");
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        Properties plaintext = new Properties();
        plaintext.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
        plaintext.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        plaintext.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(plaintext)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    @Order(6)
    void should_restart_only_as_secure_with_the_same_passwords_and_never_print_one_even_when_verbose() throws Exception {
        assertThat(broker.stop(Duration.ofSeconds(60))).as(broker.tail()).isZero();
        try (JvmProcess plaintext = JvmProcess.jar(JAR).args("--port", Integer.toString(port), "--data-dir", data.toString())
                .output(dir.resolve("plaintext.out")).start()) {
            assertThat(plaintext.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(plaintext.output()).isEqualTo("error: " + data + " holds a secure broker's data: add --secure,"
                    + " or pick another --data-dir\n");
        }
        broker = start("second.out", "-v");
        broker.awaitLine(l -> l.startsWith("ready"), READY);
        try (KafkaProducer<String, String> producer = producer("producer", Map.of())) {
            producer.send(new ProducerRecord<>(Topics.RAW_CUSTOMERS, "c-3", "after the restart")).get(60, TimeUnit.SECONDS);
        }

        String everything = Files.readString(dir.resolve("first.out")) + Files.readString(dir.resolve("second.out"));
        assertThat(everything).contains("Kafka version");
        Properties secrets = load(data.resolve("secrets.properties"));
        assertThat(secrets.stringPropertyNames()).hasSize(6);
        for (String name : secrets.stringPropertyNames()) {
            assertThat(everything).as("output of the broker, quiet and verbose").doesNotContain(secrets.getProperty(name));
        }
    }

    private static void assertDenied(ThrowingCallable call, Class<? extends Exception> denial) {
        assertThatThrownBy(call).satisfies(e -> assertThat(causes(e)).as("causes of %s", e).hasAtLeastOneElementOfType(denial));
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static Properties client(String user) throws IOException {
        return load(data.resolve("client-" + user + ".properties"));
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    private static KafkaProducer<String, String> producer(String user, Map<String, String> extra) throws IOException {
        Properties p = client(user);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        p.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        p.putAll(extra);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String user, Map<String, String> extra) throws IOException {
        Properties p = client(user);
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putAll(extra);
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }
}
