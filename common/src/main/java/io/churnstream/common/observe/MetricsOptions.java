package io.churnstream.common.observe;

import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code --metrics-port} and {@code --metrics-bind} of both jars' streaming and batch commands. */
public final class MetricsOptions {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsOptions.class);

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus /metrics and /health on this port (default: off).")
    Integer port;

    @Option(names = "--metrics-bind", paramLabel = "ADDRESS", defaultValue = MetricsServer.DEFAULT_BIND,
            description = "Address /metrics and /health listen on: the default serves this host only; 0.0.0.0 (or one "
                + "of the host's addresses) lets another host scrape them. Neither asks for credentials.")
    String bind = MetricsServer.DEFAULT_BIND;

    public boolean enabled() {
        return port != null;
    }

    /** Refuses a port that is not a TCP port, or an address that is not this host's, before anything starts. */
    public void check() {
        MetricsServer.checkPort(port);
        if (port != null) {
            MetricsServer.address(bind);
        }
    }

    /** Serves {@code metrics} and {@code health} when a port was given, and says where; null otherwise. */
    public MetricsServer start(Supplier<String> metrics, Supplier<Map<String, Object>> health) {
        if (port == null) {
            return null;
        }
        MetricsServer server = MetricsServer.start(MetricsServer.address(bind), port, metrics, health);
        LOG.info("metrics on http://{}:{}/metrics, health on /health", server.host(), server.port());
        return server;
    }
}
