package io.churnstream.systemtests;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import io.churnstream.common.TopicIO;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a pipeline's consumer group has got through its input, judged by its committed offsets only. The waits
 * treat a broker that does not answer (for instance while it restarts) as no progress yet.
 */
final class GroupProgress {

    private final TopicIO topics;
    private final Pipeline pipeline;

    GroupProgress(TopicIO topics, Pipeline pipeline) {
        this.topics = topics;
        this.pipeline = pipeline;
    }

    /** Input records the group has committed past, over all partitions. */
    long committed() {
        return strictly(this::sumCommitted);
    }

    Map<TopicPartition, Long> committedOffsets() {
        return strictly(() -> topics.committedOffsets(pipeline.group(), pipeline.input()));
    }

    /** Records on the input topic: its log end offsets, summed. */
    long inputEnd() {
        return strictly(this::sumInputEnd);
    }

    /** Waits until the input topic holds at least {@code records}; fails if {@code producer} exits first. */
    void awaitWritten(JvmProcess producer, long records, Duration timeout) {
        producer.await(timeout, pipeline.input() + " holding " + records + " records",
                () -> alive(producer) && orElse(this::sumInputEnd, -1L) >= records);
    }

    /** Waits until the group has committed at least {@code records}; fails if {@code consumer} exits first. */
    void awaitCommitted(JvmProcess consumer, long records, Duration timeout) {
        consumer.await(timeout, pipeline.group() + " committed past " + records + " records",
                () -> alive(consumer) && orElse(this::sumCommitted, -1L) >= records);
    }

    /** Waits until every input partition is committed to its end; fails if {@code consumer} exits first. */
    void awaitDrained(JvmProcess consumer, Duration timeout) {
        consumer.await(timeout, pipeline.group() + " committed to the end of " + pipeline.input(),
                () -> alive(consumer) && orElse(this::drained, false));
    }

    private boolean drained() throws Exception {
        Map<TopicPartition, Long> committed = topics.committedOffsets(pipeline.group(), pipeline.input());
        return topics.endOffsets(pipeline.input()).entrySet().stream()
                .allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private long sumInputEnd() throws Exception {
        return sum(topics.endOffsets(pipeline.input()));
    }

    private long sumCommitted() throws Exception {
        return sum(topics.committedOffsets(pipeline.group(), pipeline.input()));
    }

    private static boolean alive(JvmProcess jar) {
        if (!jar.isAlive()) {
            throw new AssertionError("the process exited early:\n" + jar.tail());
        }
        return true;
    }

    private <T> T strictly(Callable<T> read) {
        try {
            return read.call();
        } catch (Exception e) {
            throw new AssertionError("cannot read the offsets of " + pipeline.group() + " on " + pipeline.input(), e);
        }
    }

    private static <T> T orElse(Callable<T> read, T unanswered) {
        try {
            return read.call();
        } catch (Exception e) {
            return unanswered;
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
