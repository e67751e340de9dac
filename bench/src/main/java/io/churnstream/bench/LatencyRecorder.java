package io.churnstream.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Millisecond latencies of records stamped at or after a start time, leaving out a warm-up window from the first of
 * them (both in event time); counts every record and keeps the first and last arrival.
 */
final class LatencyRecorder {

    static final long UNPARSED = -1;
    static final long NOT_TIMED = -2;

    private final Histogram histogram = new Histogram(3);
    /** The same records split at the consumer's processed_ts: event to scored, and scored to readable. */
    private final Histogram toScored = new Histogram(3);
    private final Histogram scoredToReadable = new Histogram(3);
    private final long warmupMillis;
    private final long sinceEpochMillis;
    private long firstEventMillis = -1;
    private long firstArrivalMillis = -1;
    private long lastArrivalMillis = -1;
    private long seen;
    private long warmup;
    private long unparsed;

    LatencyRecorder(long warmupMillis, long sinceEpochMillis) {
        this.warmupMillis = warmupMillis;
        this.sinceEpochMillis = sinceEpochMillis;
    }

    /** One record that became readable at {@code arrivalMillis}; {@code eventMillis} may be {@link #UNPARSED} or {@link #NOT_TIMED}. */
    void record(long eventMillis, long arrivalMillis) {
        record(eventMillis, UNPARSED, arrivalMillis);
    }

    /** As {@link #record(long, long)}, with the consumer's processed_ts ({@link #UNPARSED} when missing) for the split. */
    void record(long eventMillis, long scoredMillis, long arrivalMillis) {
        seen++;
        if (firstArrivalMillis < 0) {
            firstArrivalMillis = arrivalMillis;
        }
        lastArrivalMillis = arrivalMillis;
        if (eventMillis == NOT_TIMED) {
            return;
        }
        if (eventMillis < 0) {
            unparsed++;
            return;
        }
        if (eventMillis < sinceEpochMillis) {
            warmup++;
            return;
        }
        if (firstEventMillis < 0) {
            firstEventMillis = eventMillis;
        }
        if (eventMillis < firstEventMillis + warmupMillis) {
            warmup++;
            return;
        }
        histogram.recordValue(Math.max(0, arrivalMillis - eventMillis));
        if (scoredMillis >= 0) {
            toScored.recordValue(Math.max(0, scoredMillis - eventMillis));
            scoredToReadable.recordValue(Math.max(0, arrivalMillis - scoredMillis));
        }
    }

    long seen() {
        return seen;
    }

    /** When the last record arrived (ms since the epoch), or null. */
    Long lastArrivalMillis() {
        return lastArrivalMillis < 0 ? null : lastArrivalMillis;
    }

    /** When the first record arrived (ms since the epoch), or null. */
    Long firstArrivalMillis() {
        return firstArrivalMillis < 0 ? null : firstArrivalMillis;
    }

    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seen", seen);
        m.put("count", histogram.getTotalCount());
        m.put("warmup_skipped", warmup);
        m.put("unparsed", unparsed);
        boolean any = histogram.getTotalCount() > 0;
        m.put("p50_ms", any ? histogram.getValueAtPercentile(50) : null);
        m.put("p95_ms", any ? histogram.getValueAtPercentile(95) : null);
        m.put("p99_ms", any ? histogram.getValueAtPercentile(99) : null);
        m.put("p999_ms", any ? histogram.getValueAtPercentile(99.9) : null);
        m.put("max_ms", any ? histogram.getMaxValue() : null);
        m.put("mean_ms", any ? Math.round(histogram.getMean() * 100) / 100.0 : null);
        m.put("split_at_processed_ts", Figures.obj(
                "event_to_scored", percentiles(toScored), "scored_to_readable", percentiles(scoredToReadable),
                "how", "event_ts to the prediction's processed_ts (producer, broker, consumer fetch, scoring), and "
                        + "processed_ts to readable (the consumer's send, broker, reader fetch); one clock, one machine"));
        m.put("first_arrival_epoch_ms", firstArrivalMillis < 0 ? null : firstArrivalMillis);
        m.put("last_arrival_epoch_ms", lastArrivalMillis < 0 ? null : lastArrivalMillis);
        return m;
    }

    private static Map<String, Object> percentiles(Histogram h) {
        boolean any = h.getTotalCount() > 0;
        return Figures.obj("p50_ms", any ? h.getValueAtPercentile(50) : null, "p99_ms", any ? h.getValueAtPercentile(99) : null,
                "max_ms", any ? h.getMaxValue() : null);
    }
}
