package io.churnstream.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.churnstream.broker.BrokerConfig.NodeAddress;
import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.Shutdown;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.cli.VersionProvider;
import org.apache.kafka.common.Uuid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar broker.jar}: a real Apache Kafka (KRaft) on localhost, one node or a cluster, no Docker needed. */
@Command(name = "broker", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, showDefaultValues = true,
        description = {"Runs a real Apache Kafka (KRaft) on localhost: one node, broker and controller, in this JVM; or with"
                + " --nodes N a cluster of N such nodes, each in a JVM of its own and all of them controllers. Storage is"
                + " formatted on first start; data survives restarts with the same --data-dir.",
            "Prints 'ready: bootstrap.servers=localhost:PORT[,localhost:PORT+1,...]' once clients can connect, and stops"
                + " cleanly, every node included, on SIGINT or SIGTERM.",
            "",
            "In a cluster, node i (1..N) serves clients on --port + i - 1 and its controller on --controller-port + i - 1;"
                + " it keeps its data in DATA_DIR/node-i/, its log in DATA_DIR/node-i.log and its pid in"
                + " DATA_DIR/node-i.pid. Topics get 3 replicas (fewer with fewer nodes) and, from 3 nodes on,"
                + " min.insync.replicas=2. Each node runs in 512 MB with few threads; a dead or frozen node is fenced"
                + " after 4 s without a heartbeat (one every 0.5 s), and a follower that stops fetching leaves the ISR"
                + " after 5 s. The nodes stop when this process is gone, even after a SIGKILL.",
            "",
            "With --secure, clients connect with SASL_SSL (SCRAM-SHA-512) to the client ports, while brokers and"
                + " controllers talk TLS with the broker's certificate (client certificates required) on 127.0.0.1 only,"
                + " over the controller ports and inter-broker ports (node i: --controller-port + N + i - 1). The first"
                + " start makes a CA and a broker certificate (SAN localhost, 127.0.0.1) with keytool and SCRAM users"
                + " admin, churn-producer and churn-consumer with random passwords; every start creates the pipeline's"
                + " topics and least-privilege ACLs (StandardAuthorizer, admin the only super user) and writes"
                + " DATA_DIR/client-admin.properties, client-producer.properties, client-consumer.properties (0600) and"
                + " DATA_DIR/ca.pem, then prints where they are after the ready line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly (SIGINT/SIGTERM)", "1:the broker failed to start, or stopped by itself",
            "2:bad usage", "130:stopped during start-up"})
public final class BrokerApp implements Callable<Integer> {

    static final String READY_PREFIX = "ready: bootstrap.servers=";
    private static final String IN_USE_HINT = " (is another broker using the port or the data dir?"
            + " stop it with ./scripts/stop-broker.sh or pick another --port or --data-dir)";
    private static final long SUPERVISE_MILLIS = 500;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1",
            description = "Nodes: 1 runs in this JVM; more run as a cluster of child JVMs.")
    int nodes;

    @Option(names = "--secure", description = "TLS, SCRAM users and ACLs; see above.")
    boolean secure;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "19092",
            description = "Client port of the first node (PLAINTEXT, or SASL_SSL with --secure).")
    int port;

    @Option(names = "--controller-port", paramLabel = "PORT", defaultValue = "0",
            description = "KRaft controller port of the first node (0 = client port + number of nodes).")
    int controllerPort;

    @Option(names = "--data-dir", paramLabel = "DATA_DIR", defaultValue = "target/kafka-data",
            description = "Where the log segments and metadata live.")
    Path dataDir;

    @Option(names = {"--override", "-X"}, paramLabel = "KEY=VALUE",
            description = "Broker setting of every node, repeatable (e.g. -X auto.create.topics.enable=false).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--ready-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds to wait for the broker to answer.")
    int readyTimeoutSeconds;

    @Option(names = {"-v", "--verbose"}, description = "Kafka's INFO log and the stack traces of failures on stderr.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(Cli.create(new BrokerApp()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (nodes < 1) {
            throw new UsageException("--nodes must be at least 1, not " + nodes);
        }
        if (!secure && Security.usedBy(dataDir)) {
            throw new UsageException(dataDir + " holds a secure broker's data: add --secure, or pick another --data-dir");
        }
        BrokerLogging.configure("broker", verbose);
        List<NodeAddress> addresses = Cluster.addresses(nodes, port, controllerPort == 0 ? port + nodes : controllerPort);
        try (DataDirLock lock = DataDirLock.acquire(dataDir)) {
            for (NodeAddress node : addresses) {
                String which = nodes == 1 ? "" : " of node " + node.id();
                requireFree(node.port(), nodes == 1 ? "--port" : "client port" + which);
                requireFree(node.controllerPort(), nodes == 1 ? "--controller-port" : "controller port" + which);
                if (secure) {
                    requireFree(node.internalPort(), "inter-broker port" + which);
                }
            }
            if (nodes == 1) {
                runNode(addresses.get(0));
            } else {
                runCluster(addresses);
            }
        }
        return ExitCodes.OK;
    }

    private void runNode(NodeAddress node) throws IOException {
        Path logDir = BrokerConfig.singleNodeLogDir(dataDir);
        Security security = secure ? security(logDir) : null;
        Properties config = BrokerConfig.build(node, List.of(node), logDir, security, overrides);
        EmbeddedKafka.formatIfNeeded(config, dataDir.resolve("server.properties"), Uuid.randomUuid().toString(),
                security == null ? List.of() : security.scramArguments());
        Properties admin = Security.adminClient(security, node.bootstrap());
        List<Path> clientFiles = security == null ? List.of() : security.writeClientFiles(node.bootstrap());
        try (Shutdown shutdown = Shutdown.install(); EmbeddedKafka kafka = start(config, admin, security)) {
            if (security != null) {
                grantPipelineAccess(admin);
            }
            printReady(kafka.bootstrapServers(), security, clientFiles);
            serve(kafka, shutdown);
            System.out.println("stopping broker on " + kafka.bootstrapServers());
        }
    }

    private Security security(Path firstLogDir) throws IOException {
        try {
            return Security.prepare(dataDir, EmbeddedKafka.isFormatted(firstLogDir));
        } catch (IllegalStateException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, e.getMessage(), e);
        }
    }

    private EmbeddedKafka start(Properties config, Properties admin, Security security) {
        try {
            return EmbeddedKafka.start(config, admin, Duration.ofSeconds(readyTimeoutSeconds));
        } catch (RuntimeException e) {
            String why = security == null ? rootMessage(e) : security.redact(rootMessage(e));
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "the broker failed to start: " + why + IN_USE_HINT, e);
        }
    }

    private static void grantPipelineAccess(Properties admin) {
        try {
            PipelineAccess.apply(admin);
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, e.getMessage(), e);
        }
    }

    /** The ready line, and on a secure broker where the client settings are (never what they hold). */
    private static void printReady(String bootstrap, Security security, List<Path> clientFiles) {
        System.out.println(READY_PREFIX + bootstrap);
        if (security != null) {
            System.out.println("client settings: " + clientFiles.stream().map(Path::toString).collect(Collectors.joining(", "))
                    + " (CA certificate for non-Java clients: " + security.caPem() + ")");
        }
        System.out.flush();
    }

    /** Returns on a stop request; fails if the broker shuts itself down first. */
    static void serve(EmbeddedKafka kafka, Shutdown shutdown) {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        shutdown.onStop(() -> stop.complete(null));
        if (!kafka.serveUntil(stop)) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "the broker on " + kafka.bootstrapServers()
                    + " shut itself down: see its log above, then start it again");
        }
    }

    private void runCluster(List<NodeAddress> addresses) throws IOException {
        Security security = secure ? security(Cluster.nodeDir(dataDir, 1).resolve("logs")) : null;
        String bootstrap = addresses.stream().map(NodeAddress::bootstrap).collect(Collectors.joining(","));
        List<Path> clientFiles = security == null ? List.of() : security.writeClientFiles(bootstrap);
        Cluster cluster = Cluster.prepare(dataDir, addresses, overrides, security,
                security == null ? null : security.clientFile(Security.ADMIN), verbose);
        try (Shutdown shutdown = Shutdown.install(); cluster) {
            try {
                cluster.start(Duration.ofSeconds(readyTimeoutSeconds), shutdown::stopped);
            } catch (Cluster.StartAborted e) {
                throw new CliException(ExitCodes.INTERRUPTED, "stopped during start-up: the nodes are being stopped too");
            } catch (RuntimeException e) {
                throw new CliException(ExitCodes.RUNTIME_FAILURE, "the cluster failed to start: " + e.getMessage(), e);
            }
            if (security != null) {
                grantPipelineAccess(Security.adminClient(security, bootstrap));
            }
            printReady(bootstrap, security, clientFiles);
            supervise(cluster, shutdown);
            System.out.println("stopping the cluster on " + bootstrap);
        }
    }

    /** Waits for a stop request, reporting each node that exits on its own; fails once none is left. */
    private void supervise(Cluster cluster, Shutdown shutdown) {
        Set<Integer> gone = new HashSet<>();
        while (!shutdown.awaitStop(TimeUnit.MILLISECONDS.toNanos(SUPERVISE_MILLIS))) {
            for (Cluster.Node node : cluster.nodes()) {
                if (!node.isAlive() && gone.add(node.id())) {
                    System.err.println("node " + node.id() + " exited with " + node.process().exitCode()
                            + " (log: " + node.logFile() + ")");
                }
            }
            if (gone.size() == cluster.nodes().size()) {
                throw new CliException(ExitCodes.RUNTIME_FAILURE, "every node of the cluster has exited: see their logs in "
                        + dataDir);
            }
        }
    }

    /** Kafka halts the JVM with a page of stack traces on a bind failure; say it in one line before it gets there. */
    private static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "port " + port + " (" + what + ") is already in use" + IN_USE_HINT);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
