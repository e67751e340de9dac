package io.churnstream.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.Shutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * One node of a {@link Cluster}, in a JVM of its own: starts the node from its formatted storage and the settings
 * written next to it, prints {@value #READY} once it answers, and serves until SIGTERM, until it shuts itself down
 * (exit 1) or until the process that launched it is gone, so that a SIGKILLed parent leaves no node behind.
 */
@Command(name = "broker-node", mixinStandardHelpOptions = true,
        description = "One node of a local cluster, started by broker.jar --nodes N. By hand only to bring back a node "
            + "of a running cluster, with the cluster process as --parent-pid (as scripts/failover-demo.sh does).")
public final class ClusterNode implements Callable<Integer> {

    static final String READY = "node ready";
    static final String CONFIG_FILE = "server.properties";

    @Parameters(index = "0", paramLabel = "NODE_DIR", description = "The node's directory: its settings and its data.")
    Path nodeDir;

    @Option(names = "--parent-pid", required = true, description = "Stop when this process has exited.")
    long parentPid;

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "Client settings to check that the node answers (default: plaintext to its client port).")
    Path clientConfig;

    @Option(names = "--ready-timeout", defaultValue = "60", description = "Seconds to wait for the node to answer.")
    int readyTimeoutSeconds;

    @Option(names = {"-v", "--verbose"}, description = "Kafka's INFO log and the stack traces of failures.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(Cli.create(new ClusterNode()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Properties config = load(nodeDir.resolve(CONFIG_FILE));
        Properties client = clientConfig == null ? EmbeddedKafka.plaintextClient(bootstrap(config)) : load(clientConfig);
        client.setProperty("bootstrap.servers", bootstrap(config));
        String id = config.getProperty("node.id");
        BrokerLogging.configure("node-" + id, verbose);
        Path pidFile = pidFile(nodeDir);
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
        try (Shutdown shutdown = Shutdown.install();
             EmbeddedKafka kafka = EmbeddedKafka.start(config, client, Duration.ofSeconds(readyTimeoutSeconds))) {
            System.out.println(READY + ": node " + id + " on " + kafka.bootstrapServers());
            System.out.flush();
            CompletableFuture<String> stop = new CompletableFuture<>();
            shutdown.onStop(() -> stop.complete("stop requested"));
            ProcessHandle.of(parentPid).map(ProcessHandle::onExit).orElse(CompletableFuture.completedFuture(null))
                    .thenRun(() -> stop.complete("its parent process " + parentPid + " has exited"));
            if (!kafka.serveUntil(stop)) {
                throw new CliException(ExitCodes.RUNTIME_FAILURE, "node " + id + " shut itself down: see its log above");
            }
            System.out.println("stopping node " + id + ": " + stop.join());
            haltAfter(Cluster.STOP_TIMEOUT, id, pidFile);
        } finally {
            Files.deleteIfExists(pidFile);
        }
        return ExitCodes.OK;
    }

    /**
     * Bounds the node's own shutdown: when its peers stop at the same time (as they do once their parent is gone),
     * its controlled shutdown can wait minutes for a controller that no longer answers, and no parent is left to
     * SIGKILL it. The log recovery on the next start is Kafka's own; the pid file goes first, as a halt skips the
     * {@code finally} that removes it.
     */
    private static void haltAfter(Duration timeout, String id, Path pidFile) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeout.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("node " + id + " did not stop within " + timeout.toSeconds() + " s; halting it");
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                System.err.println("node " + id + ": cannot delete " + pidFile + ": " + e.getMessage());
            }
            Runtime.getRuntime().halt(ExitCodes.RUNTIME_FAILURE);
        }, "node-" + id + "-stop-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Where a node writes its pid while it runs: {@code <data-dir>/node-<id>.pid} next to {@code <data-dir>/node-<id>/}. */
    static Path pidFile(Path nodeDir) {
        return nodeDir.resolveSibling(nodeDir.getFileName() + ".pid");
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    /** The node's own client address: the first of its advertised listeners. */
    private static String bootstrap(Properties config) {
        String first = config.getProperty("advertised.listeners").split(",")[0];
        return first.substring(first.indexOf("://") + 3);
    }
}
