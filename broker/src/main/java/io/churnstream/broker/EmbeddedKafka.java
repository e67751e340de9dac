package io.churnstream.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * A real Apache Kafka node (KRaft, combined broker and controller) running inside this JVM, from the settings that
 * {@link BrokerConfig} made. Its storage is formatted once and reused afterwards, so data survives restarts.
 */
final class EmbeddedKafka implements AutoCloseable {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final String bootstrap;
    private final KafkaRaftServer server;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private EmbeddedKafka(String bootstrap, KafkaRaftServer server) {
        this.bootstrap = bootstrap;
        this.server = server;
        Thread watcher = new Thread(() -> {
            brokerHalf(server).ifPresentOrElse(BrokerServer::awaitShutdown, server::awaitShutdown);
            ended.complete(null);
        }, "broker-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * The broker half of the node, to notice a broker that shuts down alone while its controller lives on (it does so
     * when it cannot tell the controller about a failed log directory). Kafka keeps it private; should a Kafka version
     * rename it, only a shutdown of the whole node is noticed.
     */
    private static Optional<BrokerServer> brokerHalf(KafkaRaftServer server) {
        try {
            Field field = KafkaRaftServer.class.getDeclaredField("broker");
            field.setAccessible(true);
            Option<?> broker = (Option<?>) field.get(server);
            return broker.isDefined() ? Optional.of((BrokerServer) broker.get()) : Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot watch the broker half of the node ({}); only a shutdown of the whole node is noticed", e.toString());
            return Optional.empty();
        }
    }

    /** Writes {@code config} to {@code file} and formats the node's storage with {@code clusterId} unless already done. */
    static void formatIfNeeded(Properties config, Path file, String clusterId) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            config.store(out, "churnstream local broker");
        }
        if (isFormatted(config)) {
            return;
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String[] args = {"format", "-t", clusterId, "-c", file.toString()};
        int rc = StorageTool.execute(args, new PrintStream(captured, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka storage failed: " + captured.toString(StandardCharsets.UTF_8).trim());
        }
    }

    static boolean isFormatted(Properties config) {
        return Files.exists(Path.of(config.getProperty("log.dirs")).resolve("meta.properties"));
    }

    /**
     * Starts the node on formatted storage and returns once it answers clients at {@code bootstrap}. A node that fails
     * to start is shut down again, so it leaves no thread, port or lock behind.
     */
    static EmbeddedKafka start(Properties config, String bootstrap, Duration readyTimeout) {
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        try {
            server.startup();
            awaitAnswer(bootstrap, readyTimeout);
        } catch (Throwable e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        return new EmbeddedKafka(bootstrap, server);
    }

    /** Waits until a broker at {@code bootstrap} describes its cluster; keeps the interrupt for the caller. */
    static void awaitAnswer(String bootstrap, Duration timeout) {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long deadline = System.nanoTime() + timeout.toNanos();
        Admin admin = Admin.create(props);
        try {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("broker did not answer on " + bootstrap + " within "
                                + timeout.toSeconds() + "s", e);
                    }
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker on " + bootstrap, e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    String bootstrapServers() {
        return bootstrap;
    }

    /**
     * Blocks until {@code stop} completes (true) or the node shuts itself down first (false), as it does on a fatal
     * error such as a lost log directory.
     */
    boolean serveUntil(CompletableFuture<?> stop) {
        CompletableFuture.anyOf(stop, ended).join();
        return !ended.isDone();
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
