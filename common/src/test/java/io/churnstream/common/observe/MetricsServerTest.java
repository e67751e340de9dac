package io.churnstream.common.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.churnstream.common.cli.UsageException;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void should_serve_the_metrics_text_and_the_health_status_as_200_or_503() throws Exception {
        AtomicReference<String> status = new AtomicReference<>("UP");
        try (MetricsServer server = MetricsServer.start(0, () -> "churn_demo_total 3.0\n",
                () -> Map.of("status", status.get(), "checks", Map.of()))) {
            HttpResponse<String> metrics = get(server.port(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).isEqualTo("churn_demo_total 3.0\n");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));

            HttpResponse<String> up = get(server.port(), "/health");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).contains("\"status\":\"UP\"");

            status.set("DOWN");
            HttpResponse<String> down = get(server.port(), "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"");
        }
    }

    @Test
    void should_refuse_a_port_in_use_and_a_port_out_of_range_in_one_line() {
        try (MetricsServer first = MetricsServer.start(0, () -> "", () -> Map.of("status", "UP"))) {
            assertThatThrownBy(() -> MetricsServer.start(first.port(), () -> "", () -> Map.of()))
                    .isInstanceOf(UsageException.class).hasMessage("--metrics-port " + first.port() + " is already in use: pick another port");
        }
        assertThatThrownBy(() -> MetricsServer.checkPort(70_000)).isInstanceOf(UsageException.class)
                .hasMessage("--metrics-port must be a TCP port (1-65535), got 70000");
        MetricsServer.checkPort(null);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
