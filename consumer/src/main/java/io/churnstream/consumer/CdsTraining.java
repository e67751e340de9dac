package io.churnstream.consumer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.json.Json;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.ProducerDefaults;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.synthetic.SyntheticCustomers;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.ModelCache;
import io.churnstream.model.ScoringEngine;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;

/**
 * The class-loading run behind {@code consumer.jsa}, the class data sharing archive the build writes beside
 * consumer.jar ({@code -XX:ArchiveClassesAtExit}): it loads what a scoring run loads. First a batch run against a
 * port nobody listens on (its exit-3 error; it also sets up the log). Then, given broker.jar, two batch runs against
 * a real broker started from it, at-least-once and exactly-once, over generated customers and a few bad records,
 * following a models topic: the classes of a connected client, which held start-up to first prediction 0.3-0.5 s
 * longer when loaded from the jar. Last, the bundled model parsed in full and then from a model cache, its warm-up,
 * the consumer's Kafka clients created and closed unconnected, every Kafka protocol message, and a TLS engine (the
 * admin's probe for a TLS listener).
 */
public final class CdsTraining {

    private static final String INPUT = "cds-training.customers";
    private static final int RECORDS = 2_000;
    private static final Duration BROKER_READY = Duration.ofSeconds(90);
    private static final Duration BROKER_STOP = Duration.ofSeconds(30);

    private CdsTraining() {
    }

    /** {@code [broker.jar]}: without it, or when its broker does not start, the archive covers no connected client. */
    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("churnstream-cds-training");
        String bootstrap = "localhost:" + freePort();
        Path cache = work.resolve("model-cache");
        int exit = batch(work, cache, "--bootstrap-servers", bootstrap, "--connect-timeout", "1");
        if (exit != ExitCodes.BROKER_UNREACHABLE) {
            throw new IllegalStateException("the training run against no broker ended with exit " + exit);
        }
        Path brokerJar = args.length > 0 ? Path.of(args[0]) : null;
        if (brokerJar != null && Files.isRegularFile(brokerJar)) {
            scoreOnBroker(brokerJar, work, cache);
        } else {
            System.err.println("consumer.jsa: no broker.jar" + (brokerJar == null ? "" : " at " + brokerJar)
                    + ", so the archive leaves out what a connected client loads (start-up takes 0.3-0.5 s longer)");
        }
        for (int load = 0; load < 2; load++) {
            ChurnModel model = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD, ScoringEngine.AUTO, ModelCache.in(cache));
            model.warmUp(2_000, Duration.ofSeconds(2));
        }
        KafkaSettings settings = KafkaSettings.builder().defaults(ClientDefaults.all(false))
                .flag(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap).build();
        Properties consumer = settings.forClient("consumer", ConsumerConfig.configNames(),
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, "cds-training"));
        Properties producer = settings.forClient("producer", ProducerConfig.configNames(), Map.of());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer());
             KafkaConsumer<String, byte[]> models = new KafkaConsumer<>(consumer, new StringDeserializer(),
                     new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            c.wakeup();
            models.wakeup();
            for (ApiMessageType type : ApiMessageType.values()) {
                type.requestSchemas();
                type.responseSchemas();
            }
            SSLEngine tls = SSLContext.getDefault().createSSLEngine("localhost", 9093);
            tls.setUseClientMode(true);
            tls.beginHandshake();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Scoring runs against a broker of broker.jar's; a broker that does not start leaves them out, with a warning. */
    private static void scoreOnBroker(Path brokerJar, Path work, Path cache) throws IOException {
        int port = freePort();
        int controllerPort = freePort();
        try (JvmProcess broker = JvmProcess.jar(brokerJar).jvmOptions("-Xmx512m")
                .args("--port=" + port, "--controller-port=" + controllerPort, "--data-dir=" + work.resolve("kafka"))
                .output(work.resolve("broker.log")).start()) {
            try {
                broker.awaitLine(line -> line.startsWith("ready: "), BROKER_READY);
            } catch (RuntimeException e) {
                System.err.println("consumer.jsa: the training broker did not start (" + e.getMessage()
                        + "), so the archive leaves out what a connected client loads");
                return;
            }
            String bootstrap = "localhost:" + port;
            fill(bootstrap);
            for (String guarantee : List.of("at-least-once", "exactly-once")) {
                List<String> run = new ArrayList<>(List.of("--bootstrap-servers", bootstrap, "--input-topic", INPUT,
                        "--consumer-group", "cds-training-" + guarantee, "--max-messages", Integer.toString(RECORDS),
                        "--timeout-ms", "30000"));
                if (guarantee.equals("exactly-once")) {
                    run.add("--exactly-once");
                }
                int exit = batch(work, cache, run.toArray(String[]::new));
                if (exit != ExitCodes.OK) {
                    throw new IllegalStateException("the " + guarantee + " training run ended with exit " + exit);
                }
            }
            broker.stop(BROKER_STOP);
        }
    }

    /** Generated customers and, among them, records the consumer dead-letters. */
    private static void fill(String bootstrap) {
        KafkaSettings settings = KafkaSettings.builder().defaults(ProducerDefaults.reliable())
                .flag(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap).build();
        Properties properties = settings.forClient("producer", ProducerConfig.configNames(), Map.of());
        SyntheticCustomers customers = new SyntheticCustomers(1);
        List<byte[]> bad = List.of("not json".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                CustomerRecord customer = customers.next();
                byte[] value = i % 100 == 99 ? bad.get(i / 100 % bad.size()) : Json.write(customer);
                producer.send(new ProducerRecord<>(INPUT, customer.customerId().getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
    }

    /** A batch run with the training's directories and quiet output; its exit code. */
    private static int batch(Path work, Path cache, String... args) {
        CommandLine cli = Cli.create(new ConsumerApp());
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        cli.setOut(discard).setErr(discard);
        List<String> all = new ArrayList<>(List.of("batch", "-q", "--log-dir", work.resolve("logs").toString(),
                "--reports-dir", work.resolve("reports").toString(), "--model-cache", cache.toString()));
        all.addAll(List.of(args));
        return cli.execute(all.toArray(String[]::new));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
