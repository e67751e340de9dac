package io.churnstream.consumer.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.CliRun;
import io.churnstream.common.TestCustomers;
import io.churnstream.common.TestJars;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.consumer.ConsumerApp;
import io.churnstream.model.ModelRelease;
import io.churnstream.model.RoleChange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Topics of their own for one model lifecycle test (input, predictions, dead letters, shadow predictions, models)
 * on the shared broker, with consumers run as {@code consumer.jar} processes, customers sent at a pace, model
 * records written raw or through {@code consumer.jar model}, and the outputs read back as a read_committed reader.
 */
final class ModelPipeline implements AutoCloseable {

    static final Path CONSUMER_JAR = Path.of("target", "consumer.jar");
    static final int MAX_POLL_RECORDS = 20;
    private static final Duration AWAIT = Duration.ofSeconds(120);

    final String input;
    final String predictions;
    final String deadLetters;
    final String shadow;
    final String models;
    final String group;
    final TopicIO io;
    private final String bootstrap;
    private final Path dir;
    private final Iterator<CustomerRecord> customers;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, TopicPartitionOffset> inputs = new HashMap<>();
    private long sent;

    /** A prediction as the tests look at it: where its input was, its version, and when it was scored. */
    record Scored(String customerId, int inputPartition, long inputOffset, String modelVersion, double probability,
                  Instant processed) {

        /** The version id: {@code model_version} without the training date. */
        String version() {
            return modelVersion.substring(0, modelVersion.indexOf(' '));
        }
    }

    private record TopicPartitionOffset(int partition, long offset) {
    }

    ModelPipeline(TestBroker broker, Path dir, int customers) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        this.input = "raw-" + run;
        this.predictions = "pred-" + run;
        this.deadLetters = "dlq-" + run;
        this.shadow = "shadow-" + run;
        this.models = "models-" + run;
        this.group = "group-" + run;
        this.bootstrap = broker.bootstrapServers();
        this.dir = dir;
        this.io = new TopicIO(bootstrap);
        this.customers = TestCustomers.unique(customers, run.hashCode()).values().iterator();
        io.create(input, 3, Map.of());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** {@code consumer.jar streaming} on these topics as instance {@code instance}, polls of {@link #MAX_POLL_RECORDS}. */
    JvmProcess streaming(String instance, String... extra) {
        List<String> args = new ArrayList<>(List.of("streaming", "--bootstrap-servers", bootstrap, "--input-topic", input,
                "--output-topic", predictions, "--deadletter-topic", deadLetters, "--consumer-group", group,
                "--models-topic", models, "--shadow-topic", shadow, "--instance-id", instance, "--scoring-threads", "2",
                "-X", "consumer.max.poll.records=" + MAX_POLL_RECORDS, "-X", "consumer.session.timeout.ms=6000",
                "-X", "consumer.heartbeat.interval.ms=1000", "--log-dir", "logs", "--reports-dir", "reports"));
        args.addAll(List.of(extra));
        JvmProcess consumer = TestJars.start(CONSUMER_JAR, instanceDir(instance).resolve("consumer.out"), args);
        consumer.awaitLine(line -> line.contains("partitions assigned"), AWAIT);
        return consumer;
    }

    Path instanceDir(String instance) {
        return dir.resolve(instance);
    }

    /** The run summary {@code instance} wrote on exit. */
    JsonNode summary(String instance) throws IOException {
        try (Stream<Path> files = Files.list(instanceDir(instance).resolve("reports"))) {
            Path json = files.filter(f -> f.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
            return Json.parse(Files.readAllBytes(json));
        }
    }

    /** Sends {@code n} new customers, {@code perSecond} of them a second, each acknowledged. */
    void send(int n, int perSecond) throws Exception {
        int chunk = Math.max(1, perSecond / 10);
        for (int i = 0; i < n; i += chunk) {
            long start = System.nanoTime();
            List<Future<?>> acks = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + chunk); j++) {
                CustomerRecord c = customers.next();
                acks.add(producer.send(new ProducerRecord<>(input, bytes(c.customerId()), Json.write(c)),
                        (metadata, e) -> {
                            if (metadata != null) {
                                synchronized (inputs) {
                                    inputs.put(c.customerId(), new TopicPartitionOffset(metadata.partition(),
                                            metadata.offset()));
                                }
                            }
                        }));
            }
            for (Future<?> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
            sent += acks.size();
            long rest = TimeUnit.MILLISECONDS.toNanos(100) - (System.nanoTime() - start);
            if (rest > 0) {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(rest));
            }
        }
    }

    long sent() {
        return sent;
    }

    /** Writes a release as it is, unchecked, as a tool that skipped the checks would. */
    void publishRaw(ModelRelease release) throws Exception {
        producer.send(new ProducerRecord<>(models, bytes(release.version()), release.encode())).get(30, TimeUnit.SECONDS);
    }

    void publishRaw(RoleChange change) throws Exception {
        producer.send(new ProducerRecord<>(models, bytes(change.key()), change.encode())).get(30, TimeUnit.SECONDS);
    }

    /** {@code consumer.jar model ...} in process on this pipeline's models topic; returns what it printed. */
    String model(String... args) {
        CliRun cli = new CliRun(ConsumerApp::new);
        List<String> command = new ArrayList<>(List.of("model"));
        command.addAll(List.of(args));
        command.addAll(List.of("--models-topic", models, "--bootstrap-servers", bootstrap, "-q",
                "--log-dir", dir.resolve("model-tool-logs").toString()));
        int code = cli.execute(command.toArray(String[]::new));
        assertThat(code).as("model %s: %s", List.of(args), cli.err()).isZero();
        return cli.out().strip();
    }

    /** Waits until the group committed past every record sent; fails if {@code consumers} exit first. */
    void awaitConsumed(JvmProcess... consumers) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (committed() < sent) {
            for (JvmProcess c : consumers) {
                assertThat(c.isAlive()).as("consumer exited early:\n%s", c.tail()).isTrue();
            }
            assertThat(System.nanoTime()).as("%d of %d records committed in time", committed(), sent).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private long committed() throws Exception {
        return io.committedOffsets(group, input).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The predictions a read_committed reader sees. */
    List<Scored> predictions() throws IOException {
        return read(predictions);
    }

    List<Scored> read(String topic) throws IOException {
        List<Scored> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : io.readAll(topic, true)) {
            JsonNode p = Json.parse(r.value());
            String id = p.get("customerID").asText();
            TopicPartitionOffset at;
            synchronized (inputs) {
                at = inputs.getOrDefault(id, new TopicPartitionOffset(-1, -1));
            }
            out.add(new Scored(id, at.partition(), at.offset(), p.get("model_version").asText(),
                    p.get("churn_probability").asDouble(), Instant.parse(p.get("processed_ts").asText())));
        }
        return out;
    }

    /** The JSON values of a topic, as a read_committed reader sees them. */
    List<JsonNode> values(String topic) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : io.readAll(topic, true)) {
            out.add(Json.parse(r.value()));
        }
        return out;
    }

    /** The input partitions each instance owns now, by instance id. */
    Map<String, List<Integer>> assignments() throws Exception {
        Map<String, List<Integer>> out = new HashMap<>();
        io.assignments(group).forEach((client, partitions) -> out.put(client.replace("churnstream-consumer-", ""),
                partitions.stream().filter(tp -> tp.topic().equals(input)).map(TopicPartition::partition).sorted().toList()));
        return out;
    }

    /** GET of the consumer's metrics server. */
    static String get(int port, String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
