package io.churnstream.consumer.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Processes the records of one poll as a batch: split across {@code threads} (the calling thread included) when the
 * poll is big enough for that to pay, in one pass otherwise. Outcomes keep the input order.
 */
public final class PollProcessor implements AutoCloseable {

    /** Below this many records per thread, handing work to another thread costs more than it saves. */
    static final int MIN_RECORDS_PER_THREAD = 32;

    private final RecordProcessor processor;
    private final int threads;
    private final ExecutorService workers;

    public PollProcessor(RecordProcessor processor, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.processor = processor;
        this.threads = threads;
        this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, daemonThreads());
    }

    public List<Outcome> process(List<ConsumerRecord<byte[], byte[]>> records) {
        int n = records.size();
        int parts = Math.min(threads, n / MIN_RECORDS_PER_THREAD);
        Outcome[] outcomes = new Outcome[n];
        if (parts <= 1) {
            processRange(records, outcomes, 0, n);
            return Arrays.asList(outcomes);
        }
        int chunk = (n + parts - 1) / parts;
        List<Future<?>> pending = new ArrayList<>(parts - 1);
        for (int from = chunk; from < n; from += chunk) {
            int start = from;
            int end = Math.min(n, from + chunk);
            pending.add(workers.submit(() -> processRange(records, outcomes, start, end)));
        }
        processRange(records, outcomes, 0, Math.min(n, chunk));
        for (Future<?> f : pending) {
            await(f);
        }
        return Arrays.asList(outcomes);
    }

    private void processRange(List<ConsumerRecord<byte[], byte[]>> records, Outcome[] outcomes, int from, int to) {
        for (int i = from; i < to; i++) {
            outcomes[i] = processor.process(records.get(i));
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scoring", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("scoring worker failed", e.getCause());
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "scoring-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdown();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
