package io.churnstream.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

import io.churnstream.common.cli.UsageException;
import io.churnstream.common.process.JvmProcess;

/**
 * A private broker of the benchmark: broker.jar, one node or a cluster, on its own ports with a fresh data
 * directory, stopped at the end.
 */
final class Broker implements AutoCloseable {

    private static final String READY = "ready: bootstrap.servers=";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final Children.Child process;
    private final String bootstrap;

    private Broker(Children.Child process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    /**
     * Starts {@code nodes} nodes (client ports first, then their controllers' ports) on the {@code 2 * nodes} ports
     * from {@code port}, and returns once clients can connect.
     */
    static Broker start(Children children, Settings settings, String name, int port, int nodes, Path dataDir) {
        for (int p = port; p < port + 2 * nodes; p++) {
            if (listening(p)) {
                throw new UsageException("something already listens on localhost:" + p + " (" + name + " takes the "
                        + 2 * nodes + " ports from " + port + "): stop it or set BENCH_PORT");
            }
        }
        Children.Child broker = children.start(name, JvmProcess.jar(settings.jar("broker")).jvmOptions(settings.brokerJvm().toArray(String[]::new))
                .args("--port", Integer.toString(port), "--nodes", Integer.toString(nodes), "--data-dir", dataDir.toString(),
                        "--ready-timeout", Long.toString(START_TIMEOUT.toSeconds())));
        try {
            String ready = broker.awaitLine(READY, START_TIMEOUT.plusSeconds(30));
            return new Broker(broker, ready.substring(READY.length()).strip());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every node's address, comma-separated, as the broker printed it. */
    String bootstrap() {
        return bootstrap;
    }

    /** Seconds of CPU the broker's JIT compilers have used so far, or -1 where that cannot be read. */
    double compilerSeconds() {
        return CompilerTime.seconds(process.pid());
    }

    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }
}
