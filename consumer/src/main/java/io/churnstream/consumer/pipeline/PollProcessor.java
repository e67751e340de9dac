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
 * Processes the records of one poll as a batch: across {@code threads} (the calling thread included) when the poll is
 * big enough for that to pay, in one pass otherwise. The threads take chunks of it in turn, so a caller that does
 * other work between {@link #start} and {@link Pending#await} takes fewer. Outcomes keep the input order.
 */
public final class PollProcessor implements AutoCloseable {

    /** Below this many records per thread, handing work to another thread costs more than it saves; also the chunk. */
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

    /** The outcomes of {@code records}, processed now. */
    public List<Outcome> process(List<ConsumerRecord<byte[], byte[]>> records) {
        return start(records).await();
    }

    /** Starts the workers on {@code records}; the caller joins in, and gets the outcomes, with {@link Pending#await}. */
    public Pending start(List<ConsumerRecord<byte[], byte[]>> records) {
        Pending pending = new Pending(records);
        int helpers = Math.min(threads, records.size() / MIN_RECORDS_PER_THREAD) - 1;
        for (int i = 0; i < helpers; i++) {
            pending.workers.add(workers.submit(pending::takeChunks));
        }
        return pending;
    }

    /** One poll being processed. */
    public final class Pending {
        private final List<ConsumerRecord<byte[], byte[]>> records;
        private final Outcome[] outcomes;
        private final AtomicInteger next = new AtomicInteger();
        private final List<Future<?>> workers = new ArrayList<>();

        private Pending(List<ConsumerRecord<byte[], byte[]>> records) {
            this.records = records;
            this.outcomes = new Outcome[records.size()];
        }

        /** Whether workers are on it: the caller can do other work before {@link #await} without delaying it. */
        public boolean shared() {
            return !workers.isEmpty();
        }

        /** Processes what no worker has taken yet, waits for the workers, and returns the outcomes in input order. */
        public List<Outcome> await() {
            takeChunks();
            for (Future<?> f : workers) {
                PollProcessor.await(f);
            }
            return Arrays.asList(outcomes);
        }

        private void takeChunks() {
            int n = outcomes.length;
            for (int from = next.getAndAdd(MIN_RECORDS_PER_THREAD); from < n;
                 from = next.getAndAdd(MIN_RECORDS_PER_THREAD)) {
                for (int i = from, to = Math.min(n, from + MIN_RECORDS_PER_THREAD); i < to; i++) {
                    outcomes[i] = processor.process(records.get(i));
                }
            }
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
