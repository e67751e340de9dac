package io.churnstream.consumer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.churnstream.common.record.ErrorType;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ErrorBudgetTest {

    @Test
    void should_wait_for_a_hundred_records_before_judging_the_ratio() {
        ErrorBudget budget = new ErrorBudget(0.5, 1_000);

        assertThat(budget.exceededBy(outcomes(99, ErrorType.PROCESSING_ERROR))).isFalse();
        assertThat(budget.exceededBy(outcomes(1, ErrorType.INFERENCE_ERROR))).isTrue();
    }

    @Test
    void should_forget_errors_that_left_the_window() {
        ErrorBudget budget = new ErrorBudget(0.5, 200);

        assertThat(budget.exceededBy(outcomes(90, ErrorType.PROCESSING_ERROR))).isFalse();
        assertThat(budget.exceededBy(outcomes(110, null))).isFalse();
        assertThat(budget.exceededBy(outcomes(90, null))).as("the 90 errors were evicted").isFalse();
        assertThat(budget.exceededBy(outcomes(101, ErrorType.PROCESSING_ERROR))).isTrue();
        assertThat(budget.describe()).startsWith("101 of the last 200 records");
    }

    @Test
    void should_count_neither_parse_nor_validation_errors() {
        ErrorBudget budget = new ErrorBudget(0.01, 100);

        assertThat(budget.exceededBy(outcomes(100, ErrorType.PARSE_ERROR))).isFalse();
        assertThat(budget.exceededBy(outcomes(100, ErrorType.VALIDATION_ERROR))).isFalse();
    }

    /** {@code n} dead letters of {@code type}, or {@code n} copied records when it is null. */
    private static List<Outcome> outcomes(int n, ErrorType type) {
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("t", new byte[0]);
            out.add(type == null ? new Outcome.Copied(record) : new Outcome.DeadLettered(record, type));
        }
        return out;
    }
}
