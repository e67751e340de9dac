package io.churnstream.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Writes {@code config} to {@code file} (0600: it may hold keystore passwords) and formats the node's storage with
     * {@code clusterId} and the SCRAM users in {@code scramArguments} unless it is formatted already.
     */
    static void formatIfNeeded(Properties config, Path file, String clusterId, List<String> scramArguments)
            throws IOException {
        PrivateFiles.write(file, config, "churnstream local broker");
        if (isFormatted(Path.of(config.getProperty("log.dirs")))) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", file.toString()));
        scramArguments.forEach(scram -> args.addAll(List.of("--add-scram", scram)));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        try {
            rc = StorageTool.execute(args.toArray(String[]::new), new PrintStream(captured, true, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalStateException("formatting Kafka storage failed: " + hideArguments(e.getMessage(), scramArguments));
        }
        if (rc != 0) {
            List<String> said = captured.toString(StandardCharsets.UTF_8).lines().toList();
            throw new IllegalStateException("formatting Kafka storage failed: "
                    + hideArguments(said.isEmpty() ? "exit " + rc : said.get(said.size() - 1), scramArguments));
        }
    }

    /** A message of the storage tool without the SCRAM arguments, which carry passwords. */
    private static String hideArguments(String message, List<String> scramArguments) {
        String out = String.valueOf(message);
        for (String scram : scramArguments) {
            out = out.replace(scram, "SCRAM-SHA-512=[...]");
        }
        return out;
    }

    static boolean isFormatted(Path logDir) {
        return Files.exists(logDir.resolve("meta.properties"));
    }

    /**
     * Starts the node on formatted storage and returns once it answers a client with the settings {@code client}
     * (bootstrap address included). A node that fails to start is shut down again, so it leaves no thread, port or
     * lock behind.
     */
    static EmbeddedKafka start(Properties config, Properties client, Duration readyTimeout) {
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        try {
            server.startup();
            awaitAnswer(client, readyTimeout);
        } catch (Throwable e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        return new EmbeddedKafka(client.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG), server);
    }

    /** Client settings of a plaintext broker: the bootstrap address alone. */
    static Properties plaintextClient(String bootstrap) {
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }

    /** Waits until a client with the settings {@code client} can describe the cluster; keeps the interrupt for the caller. */
    static void awaitAnswer(Properties client, Duration timeout) {
        String bootstrap = client.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        long deadline = System.nanoTime() + timeout.toNanos();
        Admin admin = Admin.create(client);
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
