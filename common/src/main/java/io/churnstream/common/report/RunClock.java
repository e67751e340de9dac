package io.churnstream.common.report;

import java.time.Instant;

/**
 * The clock of one run: when it started, and the span over which records flowed, from the first record to the
 * last, so idle waiting before and after does not dilute the rate. Thread-safe.
 */
public final class RunClock {

    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private long records;
    private long first;
    private long last;
    private long atFirst;

    /**
     * One record handled at {@code atNanos}, on any nanosecond clock as long as every call uses the same one. Threads
     * may report out of order: the span runs from the earliest time to the latest.
     */
    public synchronized void record(long atNanos) {
        if (records == 0 || atNanos < first) {
            first = atNanos;
            atFirst = 1;
        } else if (atNanos == first) {
            atFirst++;
        }
        if (records == 0 || atNanos > last) {
            last = atNanos;
        }
        records++;
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The header of this run's summary, ending now, with the tool's own figures. */
    public synchronized <T> RunSummary<T> summary(String tool, String mode, String outcome, T figures) {
        double duration = elapsedSeconds();
        double active = records == 0 ? 0 : (last - first) / 1e9;
        // the records of the first instant start the clock; a rate needs the ones that came after it
        double rate = active > 0 ? (records - atFirst) / active : duration > 0 ? records / duration : 0;
        return new RunSummary<>(tool, mode, outcome, RunSummary.timestamp(startedAt), RunSummary.timestamp(Instant.now()),
                RunSummary.round(duration, 3), RunSummary.round(active, 3), RunSummary.round(rate, 1), figures);
    }
}
