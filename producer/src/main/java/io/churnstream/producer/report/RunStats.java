package io.churnstream.producer.report;

import java.util.concurrent.atomic.LongAdder;

import io.churnstream.common.report.RunClock;

/** Counters of one run, updated from the main thread and the producer's callback thread. */
public final class RunStats {

    private final LongAdder read = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final RunClock clock = new RunClock();

    public void read() {
        read.increment();
    }

    /** A record acknowledged (or printed by a dry run). */
    public void sent() {
        sent.increment();
        clock.record(System.nanoTime());
    }

    /** A record that will never be acknowledged. */
    public void failed() {
        failed.increment();
        clock.record(System.nanoTime());
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
        return clock.elapsedSeconds();
    }

    RunClock clock() {
        return clock;
    }
}
