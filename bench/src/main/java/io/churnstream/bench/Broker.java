package io.churnstream.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.churnstream.common.cli.UsageException;

/** The benchmark's private broker: broker.jar on its own port with a fresh data directory, stopped at the end. */
final class Broker implements AutoCloseable {

    private static final String READY = "ready: ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final ChildProcess process;

    private Broker(ChildProcess process) {
        this.process = process;
    }

    static Broker start(Tools tools, int port, Path dataDir, Path log) {
        for (int p : new int[]{port, port + 1}) {
            if (listening(p)) {
                throw new UsageException("something already listens on localhost:" + p
                        + (p == port ? "" : " (the controller's port)") + ": stop it or set BENCH_PORT");
            }
        }
        List<String> command = tools.java(List.of("-Xmx1g"), "-jar", tools.jar("broker").toString(),
                "--port", Integer.toString(port), "--data-dir", dataDir.toString());
        ChildProcess broker = ChildProcess.start("broker.jar", command, log, dataDir.getParent(), Map.of());
        try {
            broker.awaitLine(READY, START_TIMEOUT);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return new Broker(broker);
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
