package io.churnstream.broker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The settings of one KRaft node (combined broker and controller) of a local cluster whose controller quorum is all of
 * its nodes. A single node keeps the settings of the project's development broker; a cluster of several replicates
 * three ways where it can, fits each node into a small JVM and detects failed nodes within seconds.
 */
final class BrokerConfig {

    /**
     * The ports of one node: clients connect to {@code port}, controllers talk on {@code controllerPort}, and on a
     * secure broker the brokers replicate over {@code internalPort}.
     */
    record NodeAddress(int id, int port, int controllerPort, int internalPort) {

        String bootstrap() {
            return "localhost:" + port;
        }
    }

    private BrokerConfig() {
    }

    /** Where the single development broker (node 1) keeps its data under its data dir. */
    static Path singleNodeLogDir(Path dataDir) {
        return dataDir.resolve("logs");
    }

    /** The single development broker: node 1, plaintext. */
    static Properties build(int port, int controllerPort, Path dataDir, Map<String, String> overrides) {
        NodeAddress node = new NodeAddress(1, port, controllerPort, 0);
        return build(node, List.of(node), singleNodeLogDir(dataDir), null, overrides);
    }

    /**
     * Node {@code node} of {@code cluster}. Without {@code security} (null) every listener is PLAINTEXT and brokers
     * replicate over the client listener. With it, clients get SASL_SSL (SCRAM) on {@code port}, while brokers and
     * controllers talk over TLS with client certificates on listeners bound to 127.0.0.1, where the broker's own
     * certificate is the only one accepted and maps to a super user.
     */
    static Properties build(NodeAddress node, List<NodeAddress> cluster, Path logDir, Security security,
                            Map<String, String> overrides) {
        int size = cluster.size();
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(node.id()));
        p.setProperty("controller.quorum.voters", cluster.stream()
                .map(n -> n.id() + "@127.0.0.1:" + n.controllerPort()).collect(Collectors.joining(",")));
        p.setProperty("controller.listener.names", "CONTROLLER");
        if (security == null) {
            p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + node.port() + ",CONTROLLER://127.0.0.1:" + node.controllerPort());
            p.setProperty("advertised.listeners", "PLAINTEXT://" + node.bootstrap());
            p.setProperty("inter.broker.listener.name", "PLAINTEXT");
            p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        } else {
            p.setProperty("listeners", "CLIENT://127.0.0.1:" + node.port() + ",INTERNAL://127.0.0.1:" + node.internalPort()
                    + ",CONTROLLER://127.0.0.1:" + node.controllerPort());
            p.setProperty("advertised.listeners", "CLIENT://" + node.bootstrap() + ",INTERNAL://127.0.0.1:" + node.internalPort());
            p.setProperty("inter.broker.listener.name", "INTERNAL");
            p.setProperty("listener.security.protocol.map", "CLIENT:SASL_SSL,INTERNAL:SSL,CONTROLLER:SSL");
            security.brokerSettings("CLIENT").forEach(p::setProperty);
        }
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        String replicas = Integer.toString(Math.min(3, size));
        String minInSync = size >= 3 ? "2" : "1";
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", replicas);
        p.setProperty("min.insync.replicas", minInSync);
        p.setProperty("offsets.topic.replication.factor", replicas);
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", replicas);
        p.setProperty("transaction.state.log.min.isr", minInSync);
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        p.setProperty("share.coordinator.state.topic.min.isr", minInSync);
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("log.retention.hours", "168");
        p.setProperty("log.segment.bytes", Integer.toString(256 * 1024 * 1024));
        if (size > 1) {
            smallMachine(p);
            fastFailureDetection(p);
        }
        overrides.forEach(p::setProperty);
        return p;
    }

    /** Few threads per node, so that three nodes share two cores with the clients under test. */
    private static void smallMachine(Properties p) {
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("num.replica.fetchers", "1");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("group.coordinator.threads", "1");
        p.setProperty("share.coordinator.threads", "1");
    }

    /**
     * A dead or frozen node loses its leaderships within about 4 s (heartbeat every 0.5 s, fenced after 4 s without
     * one; Kafka's defaults are 2 s and 9 s), and a follower that stops fetching leaves the ISR after 5 s instead of
     * 30 s, so an acks=all write waits for it no longer than that.
     */
    private static void fastFailureDetection(Properties p) {
        p.setProperty("broker.heartbeat.interval.ms", "500");
        p.setProperty("broker.session.timeout.ms", "4000");
        p.setProperty("replica.lag.time.max.ms", "5000");
    }
}
