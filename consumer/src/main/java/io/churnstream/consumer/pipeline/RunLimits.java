package io.churnstream.consumer.pipeline;

import java.time.Duration;

/** When a run ends by itself: never (streaming), or after N records or a quiet spell (batch). */
public final class RunLimits {

    private static final long MAX_POLL_MILLIS = 500;

    private final long maxMessages;
    private final long idleTimeoutMillis;
    private long taken;
    private long lastRecordAt = System.currentTimeMillis();

    private RunLimits(long maxMessages, long idleTimeoutMillis) {
        this.maxMessages = maxMessages;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    public static RunLimits unbounded() {
        return new RunLimits(0, 0);
    }

    /** {@code maxMessages} 0 means no limit; {@code idleTimeoutMillis} 0 means no quiet-spell stop. */
    public static RunLimits bounded(long maxMessages, long idleTimeoutMillis) {
        return new RunLimits(maxMessages, idleTimeoutMillis);
    }

    boolean reached() {
        return (maxMessages > 0 && taken >= maxMessages)
                || (idleTimeoutMillis > 0 && System.currentTimeMillis() - lastRecordAt >= idleTimeoutMillis);
    }

    Duration pollTimeout() {
        if (idleTimeoutMillis <= 0) {
            return Duration.ofMillis(MAX_POLL_MILLIS);
        }
        long left = idleTimeoutMillis - (System.currentTimeMillis() - lastRecordAt);
        return Duration.ofMillis(Math.max(1, Math.min(MAX_POLL_MILLIS, left)));
    }

    /** Starts the quiet-spell clock again: at the start of the loop and whenever partitions are assigned. */
    void restartIdleClock() {
        lastRecordAt = System.currentTimeMillis();
    }

    /** How many of {@code available} polled records this run still takes. */
    int admit(int available) {
        if (available > 0) {
            lastRecordAt = System.currentTimeMillis();
        }
        return maxMessages > 0 ? (int) Math.min(available, maxMessages - taken) : available;
    }

    /** Counts {@code n} admitted records; a rewind gives them back with a negative {@code n}. */
    void taken(int n) {
        taken += n;
    }

    /** Whether the run stopped because no record came for the idle timeout. */
    boolean idle() {
        return idleTimeoutMillis > 0 && System.currentTimeMillis() - lastRecordAt >= idleTimeoutMillis
                && (maxMessages == 0 || taken < maxMessages);
    }
}
