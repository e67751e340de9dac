package io.churnstream.consumer.pipeline;

import java.util.List;

import io.churnstream.common.record.ErrorType;

/**
 * A circuit breaker over the last {@code window} records, like Kafka Connect's error tolerance: processing and
 * inference errors point at a bug or a bad model, not at bad data, so when more than {@code maxRatio} of the window
 * failed that way the run must stop rather than dead-letter everything. Parse and validation errors never count.
 * The ratio is checked once the window holds {@value #MIN_RECORDS} records (or the whole window, if smaller).
 */
final class ErrorBudget {

    static final int MIN_RECORDS = 100;

    private final double maxRatio;
    private final boolean[] failed;
    private int next;
    private int size;
    private int failures;

    ErrorBudget(double maxRatio, int window) {
        if (!(maxRatio > 0 && maxRatio <= 1) || window < 1) {
            throw new IllegalArgumentException("need 0 < maxRatio <= 1 and window >= 1");
        }
        this.maxRatio = maxRatio;
        this.failed = new boolean[window];
    }

    /** Counts a poll's outcomes; true when the errors in the window are now over the budget. */
    boolean exceededBy(List<Outcome> outcomes) {
        for (Outcome outcome : outcomes) {
            boolean error = outcome instanceof Outcome.DeadLettered d
                    && (d.errorType() == ErrorType.PROCESSING_ERROR || d.errorType() == ErrorType.INFERENCE_ERROR);
            if (size == failed.length) {
                failures -= failed[next] ? 1 : 0;
            } else {
                size++;
            }
            failed[next] = error;
            failures += error ? 1 : 0;
            next = (next + 1) % failed.length;
        }
        return size >= Math.min(MIN_RECORDS, failed.length) && failures > maxRatio * size;
    }

    /** What tripped the breaker, for the one-line error. */
    String describe() {
        return String.format("%,d of the last %,d records failed with processing or inference errors, over "
                + "--max-error-ratio %s", failures, size, maxRatio);
    }
}
