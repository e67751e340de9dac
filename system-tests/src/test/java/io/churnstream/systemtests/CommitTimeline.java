package io.churnstream.systemtests;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.churnstream.common.TopicIO;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.common.TopicPartition;

/**
 * A group's committed offsets, sampled every {@value #PERIOD_MILLIS} ms on a thread of its own, so that a scenario can
 * say afterwards how long the group, or any one partition, went without committed progress around a fault.
 */
final class CommitTimeline implements AutoCloseable {

    static final long PERIOD_MILLIS = 200;

    private record Sample(long nanos, Map<TopicPartition, Long> offsets) {
    }

    /** The longest time without progress in a window: of the whole group, and of its slowest partition. */
    record Stalls(double groupSeconds, double partitionSeconds, TopicPartition partition) {

        @Override
        public String toString() {
            return String.format("no commit at all for %.1f s, longest partition without a commit %.1f s (%s)",
                    groupSeconds, partitionSeconds, partition);
        }
    }

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    CommitTimeline(TopicIO topics, Pipeline pipeline) {
        sampler = new Thread(() -> {
            while (running) {
                try {
                    samples.add(new Sample(System.nanoTime(), topics.committedOffsets(pipeline.group(), pipeline.input())));
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a broker that does not answer is a sample missed, not a failure of the scenario
                }
            }
        }, "commit-timeline");
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * The stalls between {@code fromNanos} and {@code toNanos}: the longest stretch in which no partition's committed
     * offset moved, and the longest in which one partition's did not (counted from the window's start).
     */
    Stalls stalls(long fromNanos, long toNanos) {
        List<Sample> window = samples.stream().filter(s -> s.nanos() >= fromNanos && s.nanos() <= toNanos).toList();
        if (window.size() < 2) {
            throw new IllegalStateException("fewer than two samples of the committed offsets in the window");
        }
        long group = 0;
        long groupSince = window.get(0).nanos();
        Map<TopicPartition, Long> since = new HashMap<>();
        Map<TopicPartition, Long> longest = new HashMap<>();
        for (int i = 1; i < window.size(); i++) {
            Sample before = window.get(i - 1);
            Sample now = window.get(i);
            boolean any = false;
            for (Map.Entry<TopicPartition, Long> e : now.offsets().entrySet()) {
                TopicPartition tp = e.getKey();
                long start = since.computeIfAbsent(tp, k -> window.get(0).nanos());
                longest.merge(tp, now.nanos() - start, Math::max);
                if (e.getValue() > before.offsets().getOrDefault(tp, -1L)) {
                    any = true;
                    since.put(tp, now.nanos());
                }
            }
            group = Math.max(group, now.nanos() - groupSince);
            if (any) {
                groupSince = now.nanos();
            }
        }
        Map.Entry<TopicPartition, Long> worst = longest.entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow();
        return new Stalls(group / 1e9, worst.getValue() / 1e9, worst.getKey());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join(5_000);
    }
}
