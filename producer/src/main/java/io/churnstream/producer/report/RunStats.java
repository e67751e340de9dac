package io.churnstream.producer.report;

import java.util.concurrent.atomic.LongAdder;

/** Counters of one run, updated from the main thread and the producer's callback thread. */
public final class RunStats {

    private final LongAdder read = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final long startNanos = System.nanoTime();

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

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
