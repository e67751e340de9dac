package io.churnstream.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local broker as a child process of this JVM, so tests can stop it, SIGKILL it, pause it and start it
 * again on the same data directory and port.
 */
public final class KafkaProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final Map<String, String> overrides;
    private Process process;
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
        KafkaProcess kafka = new KafkaProcess(freePort(), freePort(), dataDir, new LinkedHashMap<>(overrides));
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

    /** Graceful stop (SIGTERM), waiting for the broker to exit. */
    public void stop() {
        if (isAlive()) {
            process.destroy();
            waitForExit(Duration.ofSeconds(60));
        }
    }

    /** SIGKILL: the broker gets no chance to flush or close anything. */
    public void kill() {
        if (isAlive()) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(30));
        }
    }

    /** SIGSTOP: the broker stays up but stops answering. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
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
        if (isAlive()) {
            kill();
        }
    }

    private void launch() {
        starts++;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerApp.class.getName());
        command.add("--port=" + port);
        command.add("--controller-port=" + controllerPort);
        command.add("--data-dir=" + dataDir.toAbsolutePath());
        overrides.forEach((k, v) -> command.add("--override=" + k + "=" + v));
        try {
            Files.createDirectories(dataDir);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile().toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker process", e);
        }
        awaitReadyLine();
    }

    private void awaitReadyLine() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (logContains(BrokerApp.READY_PREFIX)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("broker exited with " + process.exitValue() + " before it was ready; see " + logFile());
            }
            sleep(100);
        }
        kill();
        throw new IllegalStateException("broker not ready within " + READY_TIMEOUT.toSeconds() + "s; see " + logFile());
    }

    private boolean logContains(String text) {
        try {
            return Files.exists(logFile()) && Files.readString(logFile(), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private void waitForExit(Duration timeout) {
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** A TCP port nobody listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
