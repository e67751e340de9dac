package io.churnstream.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar broker.jar}: a single-node Apache Kafka (KRaft) on localhost, no Docker needed. */
@Command(name = "broker", mixinStandardHelpOptions = true, versionProvider = BrokerApp.Version.class,
        sortOptions = false, showDefaultValues = true,
        description = "Runs a real single-node Apache Kafka broker (KRaft, broker+controller) on localhost.%n"
                + "Storage is formatted on first start; data survives restarts with the same --data-dir.%n"
                + "Prints 'ready: bootstrap.servers=localhost:PORT' once clients can connect; stops cleanly on SIGINT/SIGTERM.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:the broker failed to start", "2:bad usage"})
public final class BrokerApp implements Callable<Integer> {

    static final String READY_PREFIX = "ready: bootstrap.servers=";

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

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "churnstream-broker-logback.xml");
        }
        CommandLine cli = new CommandLine(new BrokerApp());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = e instanceof PortInUse ? e.getMessage() : rootMessage(e);
            cmd.getErr().println("broker failed to start: " + message
                    + " (is another broker using the port or the data dir? stop it with ./scripts/stop-broker.sh or pick another --port)");
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int controller = controllerPort == 0 ? port + 1 : controllerPort;
        requireFree(port, "--port");
        requireFree(controller, "--controller-port");
        EmbeddedKafka kafka = EmbeddedKafka.start(port, controller, dataDir, overrides, Duration.ofSeconds(readyTimeoutSeconds));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping broker on " + kafka.bootstrapServers());
            kafka.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println(READY_PREFIX + kafka.bootstrapServers());
        System.out.flush();
        kafka.awaitShutdown();
        stopped.await();
        return 0;
    }

    /** Kafka halts the JVM with a page of stack traces on a bind failure; say it in one line before it gets there. */
    private static void requireFree(int port, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new PortInUse("port " + port + " (" + option + ") is already in use");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static final class PortInUse extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortInUse(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BrokerApp.class.getPackage().getImplementationVersion();
            return new String[]{"churnstream broker " + (v == null ? "dev" : v) + " (Apache Kafka "
                    + org.apache.kafka.common.utils.AppInfoParser.getVersion() + ")"};
        }
    }
}
