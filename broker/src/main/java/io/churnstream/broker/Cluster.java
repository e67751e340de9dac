package io.churnstream.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import io.churnstream.broker.BrokerConfig.NodeAddress;
import io.churnstream.common.process.JvmProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster on localhost whose every node is broker and controller at once and runs in a child JVM of its own
 * ({@link ClusterNode}), so that any one of them can be SIGKILLed, SIGSTOPped or SIGTERMed. Node {@code i} keeps its
 * settings and data in {@code <data-dir>/node-<i>/}, its output in {@code <data-dir>/node-<i>.log} and its pid in
 * {@code <data-dir>/node-<i>.pid}; all share the cluster id in {@code <data-dir>/cluster.id}.
 */
final class Cluster implements AutoCloseable {

    /** Heap, GC and JIT of a node's JVM: three of them and the clients under test share two cores. */
    static final List<String> NODE_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 100;

    private final List<Node> nodes;
    private final Properties adminClient;

    private Cluster(List<Node> nodes, Properties adminClient) {
        this.nodes = nodes;
        this.adminClient = adminClient;
    }

    /**
     * Writes every node's settings and formats the storage of those not formatted yet; starts nothing. With
     * {@code security} (null for plaintext), the nodes are secure and the client settings of its admin must be in
     * {@code adminClientFile} before {@link #start}.
     */
    static Cluster prepare(Path dataDir, List<NodeAddress> addresses, Map<String, String> overrides, Security security,
                           Path adminClientFile, boolean verbose) throws IOException {
        String clusterId = clusterId(dataDir);
        List<String> scram = security == null ? List.of() : security.scramArguments();
        List<Node> nodes = new ArrayList<>();
        for (NodeAddress address : addresses) {
            Path dir = nodeDir(dataDir, address.id());
            Properties config = BrokerConfig.build(address, addresses, dir.resolve("logs"), security, overrides);
            EmbeddedKafka.formatIfNeeded(config, dir.resolve(ClusterNode.CONFIG_FILE), clusterId, scram);
            nodes.add(new Node(address, dir, security == null ? null : adminClientFile, verbose));
        }
        String bootstrap = nodes.stream().map(n -> n.address.bootstrap()).collect(Collectors.joining(","));
        return new Cluster(List.copyOf(nodes), Security.adminClient(security, bootstrap));
    }

    static Path nodeDir(Path dataDir, int id) {
        return dataDir.resolve("node-" + id);
    }

    /**
     * Node {@code i}'s client port is {@code port + i - 1}, its controller port {@code controllerPort + i - 1} and
     * its inter-broker port (secure brokers only) {@code controllerPort + size + i - 1}.
     */
    static List<NodeAddress> addresses(int size, int port, int controllerPort) {
        List<NodeAddress> addresses = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            addresses.add(new NodeAddress(i + 1, port + i, controllerPort + i, controllerPort + size + i));
        }
        return addresses;
    }

    private static String clusterId(Path dataDir) throws IOException {
        Path file = dataDir.resolve("cluster.id");
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            Files.writeString(file, Uuid.randomUuid().toString(), StandardCharsets.UTF_8);
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    List<Node> nodes() {
        return nodes;
    }

    Node node(int id) {
        return nodes.stream().filter(n -> n.address.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in a cluster of " + nodes.size()));
    }

    String bootstrapServers() {
        return nodes.stream().map(n -> n.address.bootstrap()).collect(Collectors.joining(","));
    }

    /**
     * Starts every node that is not running and returns once each of them answers and the controller quorum has a
     * leader. Gives up when {@code abort} says so or {@code timeout} runs out, naming the node that was not ready.
     */
    void start(Duration timeout, BooleanSupplier abort) {
        long deadline = System.nanoTime() + timeout.toNanos();
        nodes.stream().filter(n -> !n.isAlive()).forEach(n -> n.launch(timeout));
        for (Node node : nodes) {
            node.awaitReady(deadline, abort);
        }
        awaitQuorum(deadline, abort);
    }

    private void awaitQuorum(long deadline, BooleanSupplier abort) {
        Admin admin = Admin.create(adminClient);
        try {
            while (true) {
                String missing = quorumProblem(admin);
                if (missing == null) {
                    return;
                }
                checkDeadline(deadline, abort, "the cluster: " + missing);
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster", e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /** What the cluster still lacks: a quorum leader, or brokers; null when it has all of them. */
    private String quorumProblem(Admin admin) throws InterruptedException {
        try {
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS);
            if (quorum.leaderId() < 0) {
                return "no quorum leader yet";
            }
            int brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
            return brokers == nodes.size() ? null : brokers + " of " + nodes.size() + " brokers registered";
        } catch (ExecutionException | TimeoutException e) {
            return "no answer (" + e.getMessage() + ")";
        }
    }

    private static void checkDeadline(long deadline, BooleanSupplier abort, String what) {
        if (abort.getAsBoolean()) {
            throw new StartAborted();
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
    }

    /** Stops every node: SIGTERM to all at once, SIGKILL to those still running after {@link #STOP_TIMEOUT}. */
    @Override
    public void close() {
        nodes.forEach(Node::terminate);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (Node node : nodes) {
            node.awaitExit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    /** Thrown by {@link #start} when its caller asked it to stop waiting. */
    static final class StartAborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StartAborted() {
            super("start-up aborted");
        }
    }

    /** One node's child JVM; it can be launched again after it has exited. */
    static final class Node {

        private final NodeAddress address;
        private final Path dir;
        private final Path clientConfig;
        private final boolean verbose;
        private JvmProcess process;
        private boolean ready;

        private Node(NodeAddress address, Path dir, Path clientConfig, boolean verbose) {
            this.address = address;
            this.dir = dir;
            this.clientConfig = clientConfig;
            this.verbose = verbose;
        }

        int id() {
            return address.id();
        }

        NodeAddress address() {
            return address;
        }

        Path logFile() {
            return dir.resolveSibling(dir.getFileName() + ".log");
        }

        Path pidFile() {
            return ClusterNode.pidFile(dir);
        }

        boolean isAlive() {
            return process != null && process.isAlive();
        }

        /** The running JVM; fails if the node has never been started. */
        JvmProcess process() {
            if (process == null) {
                throw new IllegalStateException("node " + id() + " has not been started");
            }
            return process;
        }

        /** Starts the node again (after a stop or a kill) and returns once it answers. */
        void restart(Duration timeout) {
            if (isAlive()) {
                throw new IllegalStateException("node " + id() + " is still running (pid " + process.pid() + ")");
            }
            launch(timeout);
            awaitReady(System.nanoTime() + timeout.toNanos(), () -> false);
        }

        private void launch(Duration timeout) {
            List<String> args = new ArrayList<>(List.of(dir.toAbsolutePath().toString(),
                    "--parent-pid", Long.toString(ProcessHandle.current().pid()),
                    "--ready-timeout", Long.toString(timeout.toSeconds())));
            if (clientConfig != null) {
                args.addAll(List.of("--client-config", clientConfig.toAbsolutePath().toString()));
            }
            if (verbose) {
                args.add("-v");
            }
            ready = false;
            process = JvmProcess.mainClass(ClusterNode.class.getName()).jvmOptions(NODE_JVM.toArray(String[]::new))
                    .args(args).output(logFile()).start();
        }

        private void awaitReady(long deadline, BooleanSupplier abort) {
            while (!ready && process.nextLine(line -> line.startsWith(ClusterNode.READY)).isEmpty()) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("node " + id() + " exited with " + process.exitCode()
                            + " during start-up: " + lastLine() + " (log: " + logFile() + ")");
                }
                checkDeadline(deadline, abort, "node " + id() + " (log: " + logFile() + ")");
                sleep();
            }
            ready = true;
        }

        private String lastLine() {
            List<String> lines = process.output().lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        }

        private void terminate() {
            if (isAlive()) {
                process.terminate();
            }
        }

        /** Waits for the node to exit, else SIGKILLs it; a killed node cannot remove its pid file, so this does. */
        private void awaitExit(Duration timeout) {
            if (process != null && !process.waitFor(timeout)) {
                process.kill();
                try {
                    Files.deleteIfExists(pidFile());
                } catch (IOException e) {
                    System.err.println("cannot delete " + pidFile() + ": " + e.getMessage());
                }
            }
        }

        private void sleep() {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting node " + id(), e);
            }
        }
    }
}
