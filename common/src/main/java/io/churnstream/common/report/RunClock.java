package io.churnstream.common.report;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The clock of one run: when it started, and the span over which records flowed, from the first record to the
 * last, so idle waiting before and after does not dilute the rate. Thread-safe.
 */
public final class RunClock {

    private static final long NONE = Long.MIN_VALUE;

    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final AtomicLong first = new AtomicLong(NONE);
    private final AtomicLong last = new AtomicLong(NONE);
    private final LongAdder atFirst = new LongAdder();
    private final LongAdder afterFirst = new LongAdder();

    /** One record handled at {@code atNanos}, on any nanosecond clock as long as every call uses the same one. */
    public void record(long atNanos) {
        long start = first.get();
        if (start == NONE && first.compareAndSet(NONE, atNanos)) {
            start = atNanos;
        } else if (start == NONE) {
            start = first.get();
        }
        if (atNanos == start) {
            atFirst.increment();
        } else {
            afterFirst.increment();
        }
        last.accumulateAndGet(atNanos, Math::max);
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The header of this run's summary, ending now, with the tool's own figures. */
    public <T> RunSummary<T> summary(String tool, String mode, String outcome, T figures) {
        double duration = elapsedSeconds();
        long start = first.get();
        double active = start == NONE ? 0 : Math.max(0, last.get() - start) / 1e9;
        long records = atFirst.sum() + afterFirst.sum();
        // the records of the first instant start the clock; a rate needs the ones that came after it
        double rate = active > 0 ? afterFirst.sum() / active : duration > 0 ? records / duration : 0;
        return new RunSummary<>(tool, mode, outcome, RunSummary.timestamp(startedAt), RunSummary.timestamp(Instant.now()),
                RunSummary.round(duration, 3), RunSummary.round(active, 3), RunSummary.round(rate, 1), figures);
    }
}
