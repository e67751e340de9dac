package io.churnstream.producer.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.churnstream.common.observe.MetricsServer;
import io.churnstream.common.observe.Registries;
import io.churnstream.producer.send.SendListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.producer.Producer;

/**
 * The producer's Prometheus metrics (records sent, acknowledged and failed, the batch checkpoint row, the Kafka
 * client's and the JVM's own metrics) and its health: UP until a send fails for good, or until sends have waited
 * longer than {@code delivery.timeout.ms} for an acknowledgement. Served on {@code --metrics-port} when given.
 */
public final class ProducerMetrics implements SendListener, AutoCloseable {

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final MetricsServer server;
    private final long deliveryTimeoutMillis;
    private final LongSupplier clock;
    private final LongAdder sent = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile long waitingSinceMillis;
    private AtomicLong checkpointRow;
    private KafkaClientMetrics client;

    ProducerMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus, Integer port, long deliveryTimeoutMillis,
                    LongSupplier clock) {
        this.registry = registry;
        this.prometheus = prometheus;
        this.deliveryTimeoutMillis = deliveryTimeoutMillis;
        this.clock = clock;
        this.waitingSinceMillis = clock.getAsLong();
        FunctionCounter.builder("churn.producer.records.sent", sent, LongAdder::sum)
                .description("Records handed to the Kafka producer").register(registry);
        FunctionCounter.builder("churn.producer.records.acknowledged", acknowledged, LongAdder::sum)
                .description("Records the broker acknowledged").register(registry);
        FunctionCounter.builder("churn.producer.send.errors", failed, LongAdder::sum)
                .description("Records that will never be acknowledged: refused, or failed after the client's retries")
                .register(registry);
        this.server = port == null ? null : MetricsServer.start(port, this::scrape, this::health);
    }

    /**
     * Serves {@code /metrics} and {@code /health} on {@code port}, or records for nobody when it is null.
     * {@code deliveryTimeoutMillis} is the producer's {@code delivery.timeout.ms}.
     */
    public static ProducerMetrics serve(Integer port, long deliveryTimeoutMillis) {
        MetricsServer.checkPort(port);
        if (port == null) {
            return new ProducerMetrics(Registries.none(), null, null, deliveryTimeoutMillis, System::currentTimeMillis);
        }
        PrometheusMeterRegistry registry = Registries.prometheus();
        return new ProducerMetrics(registry, registry, port, deliveryTimeoutMillis, System::currentTimeMillis);
    }

    /** The port {@code /metrics} is served on, or -1 when it is not. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    /** Exports the Kafka producer's own metrics. */
    public void bindProducer(Producer<?, ?> producer) {
        if (prometheus != null) {
            client = new KafkaClientMetrics(producer);
            client.bindTo(registry);
        }
    }

    /** The batch checkpoint moved: {@code nextRow} is where a rerun would resume. */
    public void checkpoint(long nextRow) {
        if (checkpointRow == null) {
            checkpointRow = new AtomicLong();
            Gauge.builder("churn.producer.checkpoint.row", checkpointRow, AtomicLong::get)
                    .description("The next row a resumed batch run would send").register(registry);
        }
        checkpointRow.set(nextRow);
    }

    @Override
    public void sent() {
        if (outstanding() == 0) {
            waitingSinceMillis = clock.getAsLong();
        }
        sent.increment();
    }

    @Override
    public void acknowledged() {
        waitingSinceMillis = clock.getAsLong();
        acknowledged.increment();
    }

    @Override
    public void failed() {
        failed.increment();
    }

    private long outstanding() {
        return sent.sum() - acknowledged.sum() - failed.sum();
    }

    /** The checks as a JSON-ready map, with {@code "status"} UP or DOWN. */
    public Map<String, Object> health() {
        long errors = failed.sum();
        long outstanding = outstanding();
        long waited = outstanding > 0 ? clock.getAsLong() - waitingSinceMillis : 0;
        boolean up = errors == 0 && waited <= deliveryTimeoutMillis;

        Map<String, Object> sends = new LinkedHashMap<>();
        sends.put("status", up ? "UP" : "DOWN");
        sends.put("sent", sent.sum());
        sends.put("acknowledged", acknowledged.sum());
        sends.put("errors", errors);
        sends.put("outstanding", outstanding);
        sends.put("waiting_ms", waited);
        sends.put("delivery_timeout_ms", deliveryTimeoutMillis);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", Map.of("sends", sends));
        return body;
    }

    /** The Prometheus text exposition, or empty when metrics are off. */
    public String scrape() {
        return prometheus == null ? "" : prometheus.scrape();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
        registry.close();
    }
}
