package io.churnstream.systemtests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.broker.KafkaProcess;
import io.churnstream.common.json.Json;
import io.churnstream.common.process.JvmProcess;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, which {@code scripts/check-ops.sh} installs) run as
 * a child process on a config folder of the test's own, and its HTTP API.
 */
final class Prometheus implements AutoCloseable {

    private static final String MISSING = "prometheus is not on the PATH: run scripts/check-ops.sh as root (it installs "
            + "Debian's prometheus package; ./mvnw verify runs it before the integration tests) or "
            + "'apt-get install prometheus', then rerun";

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Prometheus(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Fails with one line saying how to install it when Debian's prometheus is missing. */
    static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(MISSING);
    }

    /** Starts Prometheus on {@code config} (its rule and target files relative to it), data under {@code work}. */
    static Prometheus start(Path config, Path work) {
        int port = KafkaProcess.freePort();
        Path log = work.resolve("prometheus.log");
        try {
            Files.createDirectories(work);
            Process p = new ProcessBuilder(binary().toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=localhost:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Prometheus prometheus = new Prometheus(p, log, port);
            prometheus.awaitReady();
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start prometheus", e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited during start-up:\n" + log());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleep(200);
        }
        throw new AssertionError("prometheus was not ready within 60 s:\n" + log());
    }

    /** The body of {@code /api/v1/query} for {@code promql} now: its status, error or result. */
    JsonNode query(String promql) throws IOException {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The body of a GET of the HTTP API, whatever its status (errors come as JSON too). */
    JsonNode api(String pathAndQuery) throws IOException {
        return Json.parse(get(pathAndQuery).body().getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    String log() {
        try {
            return JvmProcess.tail(Files.readString(log));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
