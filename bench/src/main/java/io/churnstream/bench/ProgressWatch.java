package io.churnstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;

/**
 * Counts a run's progress on a thread of its own, every {@link #PERIOD_MILLIS} ms, and once the count reaches a mark
 * runs an action, once. Closing it stops the counting and reports a failure of the count or of the action.
 */
final class ProgressWatch implements AutoCloseable {

    static final long PERIOD_MILLIS = 100;

    /** The count at a moment, ms since the epoch. */
    record Sample(long millis, long count) {
    }

    private final LongSupplier count;
    private final long mark;
    private final Runnable action;
    private final ScheduledExecutorService thread;
    private final List<Sample> samples = new ArrayList<>();
    private Long actedMillis;
    private RuntimeException failure;

    private ProgressWatch(LongSupplier count, long mark, Runnable action) {
        this.count = count;
        this.mark = mark;
        this.action = action;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts counting with {@code count}; {@code action} runs once the count is {@code mark} or more. */
    static ProgressWatch start(LongSupplier count, long mark, Runnable action) {
        ProgressWatch watch = new ProgressWatch(count, mark, action);
        watch.thread.scheduleAtFixedRate(watch::sample, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return watch;
    }

    private void sample() {
        synchronized (this) {
            if (failure != null) {
                return;
            }
        }
        try {
            long n = count.getAsLong();
            long now = System.currentTimeMillis();
            boolean act;
            synchronized (this) {
                samples.add(new Sample(now, n));
                act = actedMillis == null && n >= mark;
                if (act) {
                    actedMillis = now;
                }
            }
            if (act) {
                action.run();
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                failure = e;
            }
        }
    }

    /** The counts so far, oldest first. */
    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** When the count first reached the mark (the action started then), or null. */
    synchronized Long actedMillis() {
        return actedMillis;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (failure != null) {
                throw failure instanceof CliException c ? c
                        : new CliException(ExitCodes.RUNTIME_FAILURE, "following the run's progress failed: " + failure.getMessage(), failure);
            }
        }
    }
}
