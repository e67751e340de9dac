package io.churnstream.producer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.churnstream.common.observe.Registries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class ProducerMetricsTest {

    private static final long DELIVERY_TIMEOUT = 120_000;

    private final AtomicLong now = new AtomicLong(1_000_000);

    private ProducerMetrics metrics() {
        PrometheusMeterRegistry registry = Registries.prometheus();
        return new ProducerMetrics(registry, registry, null, DELIVERY_TIMEOUT, now::get);
    }

    @Test
    void should_count_sends_acknowledgements_and_errors() {
        try (ProducerMetrics metrics = metrics()) {
            for (int i = 0; i < 5; i++) {
                metrics.sent();
            }
            metrics.acknowledged();
            metrics.acknowledged();
            metrics.acknowledged();
            metrics.failed();

            assertThat(metrics.scrape()).contains("churn_producer_records_sent_total 5.0")
                    .contains("churn_producer_records_acknowledged_total 3.0")
                    .contains("churn_producer_send_errors_total 1.0")
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void should_export_the_checkpoint_row_only_once_a_batch_reports_one() {
        try (ProducerMetrics metrics = metrics()) {
            assertThat(metrics.scrape()).doesNotContain("churn_producer_checkpoint_row");

            metrics.checkpoint(0);
            metrics.checkpoint(20_000);

            assertThat(metrics.scrape()).contains("churn_producer_checkpoint_row 20000.0");
        }
    }

    @Test
    void should_be_up_while_sends_are_acknowledged_or_wait_less_than_the_delivery_timeout() {
        try (ProducerMetrics metrics = metrics()) {
            assertThat(status(metrics.health())).isEqualTo("UP");

            metrics.sent();
            now.addAndGet(DELIVERY_TIMEOUT);
            assertThat(status(metrics.health())).as("still retrying within delivery.timeout.ms").isEqualTo("UP");

            metrics.acknowledged();
            now.addAndGet(10 * DELIVERY_TIMEOUT);
            assertThat(status(metrics.health())).as("idle with nothing outstanding").isEqualTo("UP");

            metrics.sent();
            now.addAndGet(DELIVERY_TIMEOUT / 2);
            metrics.sent();
            now.addAndGet(DELIVERY_TIMEOUT / 2 + 1);
            Map<String, Object> body = metrics.health();
            assertThat(status(body)).as("no acknowledgement for longer than delivery.timeout.ms").isEqualTo("DOWN");
            assertThat(body.toString()).contains("outstanding=2").contains("waiting_ms=" + (DELIVERY_TIMEOUT + 1));
        }
    }

    @Test
    void should_be_down_once_a_send_failed() {
        try (ProducerMetrics metrics = metrics()) {
            metrics.sent();
            metrics.failed();

            Map<String, Object> body = metrics.health();

            assertThat(status(body)).isEqualTo("DOWN");
            assertThat(body.toString()).contains("errors=1");
        }
    }

    private static String status(Map<String, Object> body) {
        return (String) body.get("status");
    }
}
