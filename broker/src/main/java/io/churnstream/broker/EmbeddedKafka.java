package io.churnstream.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) running inside this JVM.
 * Storage is formatted on first start and reused afterwards, so data survives restarts on the same directory.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final int port;
    private final KafkaRaftServer server;

    private EmbeddedKafka(int port, KafkaRaftServer server) {
        this.port = port;
        this.server = server;
    }

    /** Formats {@code dataDir} if needed, starts the broker and returns once it answers clients. */
    public static EmbeddedKafka start(int port, int controllerPort, Path dataDir, Map<String, String> overrides,
                                      Duration readyTimeout) throws IOException {
        Files.createDirectories(dataDir);
        Properties props = BrokerConfig.build(port, controllerPort, dataDir, overrides);
        Path configFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "churnstream local broker");
        }
        if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            format(configFile);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafka kafka = new EmbeddedKafka(port, server);
        try {
            kafka.awaitReady(readyTimeout);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    private static void format(Path configFile) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString()};
        int rc = StorageTool.execute(args, new PrintStream(captured, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka storage failed: " + captured.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private void awaitReady(Duration timeout) {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, java.util.concurrent.TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("broker did not answer on " + bootstrapServers() + " within " + timeout.toSeconds() + "s", e);
                    }
                    sleep(200);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** Blocks until the broker has shut down. */
    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
