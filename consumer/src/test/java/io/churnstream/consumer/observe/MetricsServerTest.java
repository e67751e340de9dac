package io.churnstream.consumer.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;

import io.churnstream.common.cli.UsageException;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    @Test
    void should_serve_on_the_loopback_address_by_default() throws Exception {
        try (ConsumerMetrics metrics = ConsumerMetrics.prometheus("test");
             MetricsServer server = MetricsServer.start(MetricsServer.address(MetricsServer.DEFAULT_BIND), 0, metrics,
                     new Health(() -> true, "test"))) {
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
}
