package io.churnstream.consumer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.ModelCache;
import io.churnstream.model.ScoringEngine;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;

/**
 * The class-loading run behind {@code consumer.jsa}, the class data sharing archive the build writes beside
 * consumer.jar ({@code -XX:ArchiveClassesAtExit}): it loads what a scoring run loads before its first poll, without a
 * broker. A batch run against a port nobody listens on (options, logging, the admin client, its exit-3 error), the
 * bundled model parsed in full and then from a model cache, its warm-up, the consumer's Kafka clients, created and
 * closed unconnected, every Kafka protocol message, and a TLS engine (the admin's probe for a TLS listener).
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("churnstream-cds-training");
        String bootstrap = "localhost:" + freePort();
        Path cache = work.resolve("model-cache");
        CommandLine cli = Cli.create(new ConsumerApp());
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        cli.setOut(discard).setErr(discard);
        int exit = cli.execute("batch", "--bootstrap-servers", bootstrap, "--connect-timeout", "1", "-q",
                "--log-dir", work.resolve("logs").toString(), "--reports-dir", work.resolve("reports").toString(),
                "--model-cache", cache.toString());
        if (exit != ExitCodes.BROKER_UNREACHABLE) {
            throw new IllegalStateException("the training run against no broker ended with exit " + exit);
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
