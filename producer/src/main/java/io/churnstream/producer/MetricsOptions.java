package io.churnstream.producer;

import io.churnstream.common.cli.UsageException;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.producer.observe.ProducerMetrics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Prometheus metrics and a health check of a publishing run. */
final class MetricsOptions {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsOptions.class);

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus /metrics and /health on this port while publishing (default: off).")
    Integer port;

    /** The run's metrics, served when a port is given; call before connecting, so a bad port fails first. */
    ProducerMetrics start(KafkaSettings settings) {
        ProducerMetrics metrics = ProducerMetrics.serve(port, deliveryTimeoutMillis(settings));
        if (port != null) {
            LOG.info("metrics on http://localhost:{}/metrics, health on /health", metrics.port());
        }
        return metrics;
    }

    private static long deliveryTimeoutMillis(KafkaSettings settings) {
        String key = ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG;
        String value = settings.toProperties().getProperty(key);
        if (value == null) {
            return ((Number) ProducerConfig.configDef().defaultValues().get(key)).longValue();
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("Kafka setting " + key + " must be a number of milliseconds, got '" + value + "'");
        }
    }
}
