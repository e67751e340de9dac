package io.churnstream.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.churnstream.common.process.JvmProcess;

/**
 * The local broker as a child process of this JVM, so tests can stop it, SIGKILL it, pause it and start it
 * again on the same data directory and port.
 */
public final class KafkaProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final Map<String, String> overrides;
    private JvmProcess process;
    private int starts;

    private KafkaProcess(int port, int controllerPort, Path dataDir, Map<String, String> overrides) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.overrides = overrides;
    }

    /** Starts a broker on free ports with its data in {@code dataDir}. */
    public static KafkaProcess start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** Starts a broker on free ports; {@code overrides} are broker settings such as {@code auto.create.topics.enable}. */
    public static KafkaProcess start(Path dataDir, Map<String, String> overrides) {
        int port = freePortRange(2);
        KafkaProcess kafka = new KafkaProcess(port, port + 1, dataDir, new LinkedHashMap<>(overrides));
        kafka.launch();
        return kafka;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolve("broker-" + starts + ".log");
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Graceful stop (SIGTERM), waiting for the broker to exit (SIGKILL if it takes longer than a minute). */
    public void stop() {
        if (isAlive()) {
            process.stop(STOP_TIMEOUT);
        }
    }

    /** SIGKILL: the broker gets no chance to flush or close anything. */
    public void kill() {
        if (isAlive()) {
            process.kill();
        }
    }

    /** SIGSTOP: the broker stays up but stops answering. */
    public void pause() {
        process.pause();
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        process.resume();
    }

    /** Starts the broker again on the same port and data directory. */
    public void restart() {
        if (isAlive()) {
            throw new IllegalStateException("broker is still running (pid " + pid() + ")");
        }
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        starts++;
        List<String> args = new ArrayList<>(List.of("--port=" + port, "--controller-port=" + controllerPort,
                "--data-dir=" + dataDir.toAbsolutePath()));
        overrides.forEach((k, v) -> args.add("--override=" + k + "=" + v));
        process = JvmProcess.mainClass(BrokerApp.class.getName()).jvmOptions("-Xmx768m").args(args)
                .output(logFile()).start();
        try {
            process.awaitLine(line -> line.startsWith(BrokerApp.READY_PREFIX), READY_TIMEOUT);
        } catch (RuntimeException e) {
            process.kill();
            throw e;
        }
    }

    /**
     * The first of {@code count} consecutive TCP ports nobody listens on right now. They lie below the kernel's
     * ephemeral range, so no client connection takes one as its local port while a broker that owns it is down.
     */
    public static int freePortRange(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            boolean free = true;
            for (int p = first; p < first + count && free; p++) {
                free = bindable(p);
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A TCP port nobody listens on right now, from the same range as {@link #freePortRange}. */
    public static int freePort() {
        return freePortRange(1);
    }
}
