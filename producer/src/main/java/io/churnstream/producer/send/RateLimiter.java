package io.churnstream.producer.send;

import java.util.function.LongSupplier;

/**
 * Paces events at a fixed rate: event {@code n} is due at {@code start + n / rate}, computed from the start so
 * rounding never accumulates, and a late caller catches up by sending immediately. After a stall longer than
 * {@link #MAX_LAG_NANOS} the schedule restarts instead of bursting.
 */
public final class RateLimiter {

    static final long MAX_LAG_NANOS = 1_000_000_000L;

    private final double nanosPerEvent;
    private final LongSupplier clock;
    private long start;
    private long issued;

    public RateLimiter(double eventsPerSecond, LongSupplier nanoClock) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number, got " + eventsPerSecond);
        }
        this.nanosPerEvent = 1e9 / eventsPerSecond;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /** Nanoseconds until the next event is due; zero or less means send now (then call {@link #issued()}). */
    public long nanosUntilNext() {
        long now = clock.getAsLong();
        long due = dueAt(issued);
        if (now - due > MAX_LAG_NANOS) {
            start = now;
            issued = 0;
            return 0;
        }
        return due - now;
    }

    /** Records that the due event was sent. */
    public void issued() {
        issued++;
    }

    long dueAt(long n) {
        return start + (long) (n * nanosPerEvent);
    }
}
