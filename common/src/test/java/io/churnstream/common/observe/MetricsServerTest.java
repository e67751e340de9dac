package io.churnstream.common.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.churnstream.common.cli.UsageException;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    private static final InetAddress LOOPBACK = MetricsServer.address(MetricsServer.DEFAULT_BIND);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void should_serve_the_metrics_text_and_the_health_status_as_200_or_503() throws Exception {
        AtomicReference<String> status = new AtomicReference<>("UP");
        try (MetricsServer server = MetricsServer.start(LOOPBACK, 0, () -> "churn_demo_total 3.0\n",
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
        try (MetricsServer first = MetricsServer.start(LOOPBACK, 0, () -> "", () -> Map.of("status", "UP"))) {
            assertThatThrownBy(() -> MetricsServer.start(LOOPBACK, first.port(), () -> "", () -> Map.of()))
                    .isInstanceOf(UsageException.class).hasMessage("--metrics-port " + first.port() + " is already in use: pick another port");
        }
        assertThatThrownBy(() -> MetricsServer.checkPort(70_000)).isInstanceOf(UsageException.class)
                .hasMessage("--metrics-port must be a TCP port (1-65535), got 70000");
        MetricsServer.checkPort(null);
    }

    @Test
    void should_serve_on_the_loopback_address_by_default() throws Exception {
        try (MetricsServer server = MetricsServer.start(LOOPBACK, 0, () -> "", () -> Map.of("status", "UP"))) {
            assertThat(server.host()).isEqualTo("127.0.0.1");
            try (Socket local = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                assertThat(local.isConnected()).isTrue();
            }
            Optional<InetAddress> other = otherAddress();
            if (other.isPresent()) {
                assertThatThrownBy(() -> {
                    try (Socket remote = new Socket()) {
                        remote.connect(new InetSocketAddress(other.get(), server.port()), 2_000);
                    }
                }).as("reachable on %s", other.get()).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void should_bind_every_interface_only_when_asked() {
        assertThat(MetricsServer.address("0.0.0.0").isAnyLocalAddress()).isTrue();
        assertThat(MetricsServer.address("127.0.0.1").isLoopbackAddress()).isTrue();
    }

    @Test
    void should_refuse_an_address_that_is_not_this_hosts_in_one_line() {
        assertThatThrownBy(() -> MetricsServer.address("192.0.2.1")).isInstanceOf(UsageException.class)
                .hasMessage("--metrics-bind 192.0.2.1 is not an address of this host: use 127.0.0.1, 0.0.0.0 (every"
                        + " interface) or one of its addresses");
        assertThatThrownBy(() -> MetricsServer.address("no-such-host.invalid")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--metrics-bind no-such-host.invalid is not a known address");
    }

    /** An address of this host other than the loopback one, if it has any. */
    private static Optional<InetAddress> otherAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
