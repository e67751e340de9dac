package io.churnstream.consumer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;

import io.churnstream.model.RefusalReason;
import org.junit.jupiter.api.Test;

/** The model metrics: the model in use as the one churn_model_info series, and the refusals by reason. */
class ConsumerModelMetricsTest {

    @Test
    void should_show_only_the_model_in_use() {
        try (ConsumerMetrics metrics = ConsumerMetrics.prometheus("v1 (2026-11-30)")) {
            metrics.modelInUse("v2 (2026-11-30)");

            assertThat(metrics.scrape().lines().filter(l -> l.startsWith("churn_model_info{")))
                    .containsExactly("churn_model_info{version=\"v2 (2026-11-30)\"} 1");
        }
    }

    @Test
    void should_count_refusals_by_reason_for_as_long_as_the_metrics_live() {
        Map<RefusalReason, Long> refused = new EnumMap<>(RefusalReason.class);
        refused.put(RefusalReason.CONTRACT_MISMATCH, 2L);
        try (ConsumerMetrics metrics = ConsumerMetrics.prometheus("v1")) {
            metrics.countRefusals(reason -> refused.getOrDefault(reason, 0L));
            System.gc();

            String scrape = metrics.scrape();

            assertThat(scrape).contains("churn_model_refused_total{reason=\"contract_mismatch\"} 2.0")
                    .contains("churn_model_refused_total{reason=\"unparseable\"} 0.0")
                    .contains("churn_model_refused_total{reason=\"scorer_disagrees\"} 0.0");
        }
    }
}
