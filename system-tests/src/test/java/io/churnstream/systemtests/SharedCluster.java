package io.churnstream.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.churnstream.broker.LocalCluster;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * The three-node cluster the cluster scenarios share, started by the first of them and stopped when the test run
 * ends: a cluster takes half a minute to start on the build machine. Each scenario works on topics and groups of its
 * own, and starts with every node running and every replica in sync, whatever the scenario before it did.
 */
final class SharedCluster implements BeforeAllCallback {

    static final int NODES = 3;
    /**
     * The consumer groups' session timeout in every cluster scenario: the classic protocol's is the client's
     * ({@link #classicSession()}), the consumer protocol's is the broker's, set here to the same 10 s (Kafka's
     * default is 45 s for both).
     */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    private static final Map<String, String> BROKER_SETTINGS = Map.of(
            "group.consumer.session.timeout.ms", Long.toString(SESSION_TIMEOUT.toMillis()),
            "group.consumer.min.session.timeout.ms", "6000");
    private static final Duration IN_SYNC_TIMEOUT = Duration.ofMinutes(3);
    private static final Namespace NAMESPACE = Namespace.create(SharedCluster.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Running running = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class);
        running.heal();
        ClusterScenario.cluster = running.cluster;
    }

    /** The consumer options that give a classic group the same session timeout as the broker gives consumer groups. */
    static List<String> classicSession() {
        return List.of("-X", "consumer.session.timeout.ms=" + SESSION_TIMEOUT.toMillis());
    }

    /** The cluster and its data directory, removed once it is stopped. */
    private record Running(LocalCluster cluster, Path dir) implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        static Running start() {
            try {
                Path dir = Files.createTempDirectory("churnstream-cluster");
                return new Running(LocalCluster.start(NODES, dir, BROKER_SETTINGS), dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Restarts any node a scenario left down and waits until every replica is back in sync. */
        void heal() {
            cluster.nodes().stream().filter(n -> !n.isAlive()).forEach(LocalCluster.Node::restart);
            cluster.awaitFullIsr(IN_SYNC_TIMEOUT);
        }

        @Override
        public void close() throws IOException {
            cluster.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
