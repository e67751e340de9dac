package io.churnstream.producer.report;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one run, updated from the main thread and the producer's callback thread. */
public final class RunStats {

    private final LongAdder read = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final long startNanos = System.nanoTime();
    private volatile long publishStartNanos;
    private volatile long publishEndNanos;

    public void read() {
        read.increment();
    }

    public void sent() {
        sent.increment();
    }

    public void failed() {
        failed.increment();
    }

    public void rejected() {
        rejected.increment();
    }

    public long readCount() {
        return read.sum();
    }

    public long sentCount() {
        return sent.sum();
    }

    public long failedCount() {
        return failed.sum();
    }

    public long rejectedCount() {
        return rejected.sum();
    }

    /** Marks the start of publishing: the broker is reachable, the topic and the client exist. */
    public void publishing() {
        publishStartNanos = System.nanoTime();
    }

    /** Marks the end of publishing: every record is acknowledged or failed. */
    public void published() {
        publishEndNanos = System.nanoTime();
    }

    /** Seconds from {@link #publishing()} to {@link #published()} (or now), or -1 if publishing never started. */
    public double publishSeconds() {
        long start = publishStartNanos;
        if (start == 0) {
            return -1;
        }
        long end = publishEndNanos;
        return ((end == 0 ? System.nanoTime() : end) - start) / 1e9;
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
