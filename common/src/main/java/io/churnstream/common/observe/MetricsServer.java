package io.churnstream.common.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.json.Json;

/**
 * Serves {@code /metrics} (Prometheus text format) and {@code /health} (JSON checks; 200 when their
 * {@code "status"} is {@code "UP"}, else 503) for {@code --metrics-port} of either jar.
 */
public final class MetricsServer implements AutoCloseable {

    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Refuses a {@code --metrics-port} that is not a TCP port; null (metrics off) passes. */
    public static void checkPort(Integer port) {
        if (port != null && (port < 1 || port > 65535)) {
            throw new UsageException("--metrics-port must be a TCP port (1-65535), got " + port);
        }
    }

    /**
     * Starts serving on {@code port} (0: any free port); {@code metrics} and {@code health} are called on the
     * server's own thread for each request.
     */
    public static MetricsServer start(int port, Supplier<String> metrics, Supplier<Map<String, Object>> health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (BindException e) {
            throw new UsageException("--metrics-port " + port + " is already in use: pick another port");
        } catch (IOException e) {
            throw new UsageException("cannot serve metrics on port " + port + ": " + e.getMessage());
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TYPE, metrics.get()));
        server.createContext("/health", exchange -> {
            Map<String, Object> body = health.get();
            respond(exchange, "UP".equals(body.get("status")) ? 200 : 503, "application/json", Json.writeString(body));
        });
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
