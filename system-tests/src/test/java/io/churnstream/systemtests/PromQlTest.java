package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void should_find_every_selector_but_no_function_keyword_label_list_number_or_duration() {
        String expr = """
                (sum(rate(churn_records_scored_total[5m])) or vector(0)) == 0
                and
                (sum(rate(churn_records_consumed_total[5m])) > 0 or sum(rate(churn_producer_records_acknowledged_total[5m])) > 0)
                """;

        assertThat(PromQl.selectors(expr)).containsExactly("churn_records_scored_total", "churn_records_consumed_total",
                "churn_producer_records_acknowledged_total");
    }

    @Test
    void should_keep_label_matchers_with_their_selector_and_skip_label_lists() {
        String expr = "histogram_quantile(0.99, sum by (job, le) (rate(churn_end_to_end_lag_seconds_bucket"
                + "{job=~\"churn-.*\",instance!=\"a}b\"}[1m]))) > 1e-3 and on (job) group_left up{job=\"churn-consumer\"} offset 5m";

        assertThat(PromQl.selectors(expr)).containsExactly(
                "churn_end_to_end_lag_seconds_bucket{job=~\"churn-.*\",instance!=\"a}b\"}", "up{job=\"churn-consumer\"}");
    }

    @Test
    void should_list_a_selector_once_and_read_subqueries_and_nameless_selectors() {
        String expr = "sum by (job, topic) (max by (job, topic, partition) (churn_consumer_lag)) > 1000 and "
                + "deriv(sum by (job, topic) (max by (job, topic, partition) (churn_consumer_lag))[5m:]) > 0 "
                + "or {__name__=\"churn_drift_window_records\"}";

        assertThat(PromQl.selectors(expr)).containsExactly("churn_consumer_lag", "{__name__=\"churn_drift_window_records\"}");
    }

    @Test
    void should_turn_threshold_comparisons_into_bool_ones_and_leave_label_matchers_alone() {
        assertThat(PromQl.comparisonsAsBool("up{job=\"churn-consumer\"} == 0")).isEqualTo("up{job=\"churn-consumer\"} == bool 0");
        assertThat(PromQl.comparisonsAsBool("churn_feature_drift_psi{feature!=\"2\"} > 0.2 and on (job, instance) "
                + "churn_drift_window_records >= 1000")).isEqualTo("churn_feature_drift_psi{feature!=\"2\"} > bool 0.2 "
                + "and on (job, instance) churn_drift_window_records >= bool 1000");
        assertThat(PromQl.comparisonsAsBool("a / b\n  > .05")).isEqualTo("a / b\n  > bool .05");
        assertThat(PromQl.comparisonsAsBool("rate(x[5m]) / scalar(sum(y))")).isEqualTo("rate(x[5m]) / scalar(sum(y))");
    }
}
