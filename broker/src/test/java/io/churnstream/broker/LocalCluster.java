package io.churnstream.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.churnstream.broker.BrokerConfig.NodeAddress;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * A real Kafka cluster for a test: every node a KRaft broker and controller in a child JVM of its own, on free ports,
 * with its data under the test's directory (see {@link Cluster} for the layout and settings). A test can kill, pause,
 * stop and restart any node, ask who leads a partition and wait until every replica is back in sync. The nodes also
 * stop by themselves if the test JVM dies.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 250;

    private final Cluster cluster;
    private final List<Node> nodes = new ArrayList<>();
    private final Admin admin;

    private LocalCluster(Cluster cluster) {
        this.cluster = cluster;
        cluster.nodes().forEach(n -> nodes.add(new Node(n)));
        Properties props = new Properties();
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(ADMIN_TIMEOUT.toMillis()));
        this.admin = Admin.create(props);
    }

    /** Starts {@code size} nodes with their data in {@code dataDir}; returns once all answer and the quorum has a leader. */
    public static LocalCluster start(int size, Path dataDir) {
        return start(size, dataDir, Map.of());
    }

    /** Like {@link #start(int, Path)}, with broker settings for every node (e.g. {@code auto.create.topics.enable}). */
    public static LocalCluster start(int size, Path dataDir, Map<String, String> overrides) {
        int first = KafkaProcess.freePortRange(3 * size);
        List<NodeAddress> addresses = Cluster.addresses(size, first, first + size);
        Cluster cluster;
        try {
            cluster = Cluster.prepare(dataDir, addresses, overrides, null, null, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a cluster in " + dataDir, e);
        }
        try {
            cluster.start(READY_TIMEOUT, () -> false);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return new LocalCluster(cluster);
    }

    /** Every node's address, comma-separated. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public Node node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in a cluster of " + nodes.size()));
    }

    /** The node that leads {@code partition} according to the cluster's metadata; empty while it has none. */
    public Optional<Node> leaderOf(TopicPartition partition) {
        TopicDescription topic = describe(List.of(partition.topic())).get(0);
        TopicPartitionInfo info = topic.partitions().get(partition.partition());
        return info.leader() == null || info.leader().isEmpty() ? Optional.empty() : Optional.of(node(info.leader().id()));
    }

    /** Waits until every replica of every partition, internal topics included, is in its ISR. */
    public void awaitFullIsr(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lagging = List.of("(not asked yet)");
        while (System.nanoTime() < deadline) {
            try {
                lagging = laggingPartitions();
                if (lagging.isEmpty()) {
                    return;
                }
            } catch (RuntimeException e) {
                lagging = List.of("(no answer: " + e.getMessage() + ")");
            }
            sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("replicas still out of sync after " + timeout + ": " + lagging);
    }

    private List<String> laggingPartitions() {
        List<String> names = call(admin.listTopics(new ListTopicsOptions().listInternal(true)).names()).stream().toList();
        List<String> lagging = new ArrayList<>();
        for (TopicDescription topic : describe(names)) {
            for (TopicPartitionInfo p : topic.partitions()) {
                if (p.isr().size() < p.replicas().size()) {
                    lagging.add(topic.name() + "-" + p.partition() + " isr " + ids(p.isr()) + " of " + ids(p.replicas()));
                }
            }
        }
        return lagging;
    }

    private List<TopicDescription> describe(List<String> topics) {
        return List.copyOf(call(admin.describeTopics(topics).allTopicNames()).values());
    }

    private static List<Integer> ids(List<org.apache.kafka.common.Node> nodes) {
        return nodes.stream().map(org.apache.kafka.common.Node::id).toList();
    }

    private static <T> T call(KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e.getCause() == null ? e.toString() : e.getCause().toString(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops every node (SIGTERM, SIGKILL after a while). */
    @Override
    public void close() {
        admin.close(Duration.ZERO);
        nodes.forEach(Node::resume);
        cluster.close();
    }

    /** One node of the cluster, as a process a test can signal. */
    public static final class Node {

        private final Cluster.Node node;

        private Node(Cluster.Node node) {
            this.node = node;
        }

        public int id() {
            return node.id();
        }

        /** This node's client address alone. */
        public String bootstrapServers() {
            return node.address().bootstrap();
        }

        public long pid() {
            return node.process().pid();
        }

        public boolean isAlive() {
            return node.isAlive();
        }

        /** Where the node's JVM writes its output, across restarts. */
        public Path logFile() {
            return node.logFile();
        }

        /** SIGKILL: the node gets no chance to flush or close anything. */
        public void kill() {
            node.process().kill();
        }

        /** SIGSTOP: the node stays up but answers no one, heartbeats included. */
        public void pause() {
            node.process().pause();
        }

        /** SIGCONT after {@link #pause()}. */
        public void resume() {
            if (isAlive()) {
                node.process().resume();
            }
        }

        /** SIGTERM, a graceful (controlled) shutdown; SIGKILL after a minute. Returns the exit code. */
        public int stop() {
            return node.process().stop(STOP_TIMEOUT);
        }

        /** Starts the node again on its ports and data after a kill or stop; returns once it answers. */
        public void restart() {
            node.restart(READY_TIMEOUT);
        }

        @Override
        public String toString() {
            return "node " + id() + (isAlive() ? " (pid " + pid() + ")" : " (not running)");
        }
    }
}
