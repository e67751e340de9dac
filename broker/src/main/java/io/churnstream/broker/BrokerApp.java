package io.churnstream.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.Shutdown;
import io.churnstream.common.cli.VersionProvider;
import org.apache.kafka.common.Uuid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar broker.jar}: a single-node Apache Kafka (KRaft) on localhost, no Docker needed. */
@Command(name = "broker", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, showDefaultValues = true,
        description = "Runs a real single-node Apache Kafka broker (KRaft, broker+controller) on localhost.%n"
                + "Storage is formatted on first start; data survives restarts with the same --data-dir.%n"
                + "Prints 'ready: bootstrap.servers=localhost:PORT' once clients can connect; stops cleanly on SIGINT/SIGTERM.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly (SIGINT/SIGTERM)", "1:the broker failed to start, or stopped by itself",
            "2:bad usage"})
public final class BrokerApp implements Callable<Integer> {

    static final String READY_PREFIX = "ready: bootstrap.servers=";
    private static final String IN_USE_HINT = " (is another broker using the port or the data dir?"
            + " stop it with ./scripts/stop-broker.sh or pick another --port or --data-dir)";

    @Option(names = "--port", description = "Client (PLAINTEXT) port.", defaultValue = "19092")
    int port;

    @Option(names = "--controller-port", description = "KRaft controller port (0 = client port + 1).", defaultValue = "0")
    int controllerPort;

    @Option(names = "--data-dir", description = "Where the log segments and metadata live.", defaultValue = "target/kafka-data")
    Path dataDir;

    @Option(names = {"--override", "-X"}, paramLabel = "KEY=VALUE",
            description = "Broker setting, repeatable (e.g. -X auto.create.topics.enable=false).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--ready-timeout", description = "Seconds to wait for the broker to answer.", defaultValue = "60")
    int readyTimeoutSeconds;

    @Option(names = {"-v", "--verbose"}, description = "Kafka's INFO log and the stack traces of failures on stderr.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(Cli.create(new BrokerApp()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        BrokerLogging.configure("broker", verbose);
        int controller = controllerPort == 0 ? port + 1 : controllerPort;
        try (DataDirLock lock = DataDirLock.acquire(dataDir)) {
            requireFree(port, "--port");
            requireFree(controller, "--controller-port");
            Properties config = BrokerConfig.build(port, controller, dataDir, overrides);
            EmbeddedKafka.formatIfNeeded(config, dataDir.resolve("server.properties"), Uuid.randomUuid().toString());
            try (Shutdown shutdown = Shutdown.install(); EmbeddedKafka kafka = start(config)) {
                System.out.println(READY_PREFIX + kafka.bootstrapServers());
                System.out.flush();
                serve(kafka, shutdown);
                System.out.println("stopping broker on " + kafka.bootstrapServers());
            }
        }
        return ExitCodes.OK;
    }

    private EmbeddedKafka start(Properties config) {
        try {
            return EmbeddedKafka.start(config, "localhost:" + port, Duration.ofSeconds(readyTimeoutSeconds));
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "the broker failed to start: " + rootMessage(e) + IN_USE_HINT, e);
        }
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

    /** Kafka halts the JVM with a page of stack traces on a bind failure; say it in one line before it gets there. */
    private static void requireFree(int port, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "port " + port + " (" + option + ") is already in use" + IN_USE_HINT);
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
