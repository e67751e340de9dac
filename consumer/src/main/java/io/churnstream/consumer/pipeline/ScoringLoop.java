package io.churnstream.consumer.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.Shutdown;
import io.churnstream.consumer.observe.ConsumerMetrics;
import io.churnstream.consumer.observe.Health;
import io.churnstream.consumer.report.RunStats;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * poll -> process the whole poll (parse, validate, score) -> deliver outputs and commit offsets -> poll again.
 * Each poll is delivered and committed before the next one, so a rebalance never finds work in flight. A poll that
 * cannot be delivered is rewound and retried with exponential backoff; after {@code maxAttempts} the run stops
 * with the offsets still before it, so nothing is skipped.
 */
public final class ScoringLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringLoop.class);
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Consumer<byte[], byte[]> consumer;
    private final Delivery delivery;
    private final PollProcessor processor;
    private final RunStats stats;
    private final ConsumerMetrics metrics;
    private final Health health;
    private final Shutdown shutdown;
    private final Retry retry;
    private long lastProgress = System.nanoTime();

    /** How often, and how patiently, a failed poll is retried. */
    public record Retry(int maxAttempts, long initialBackoffMillis, long maxBackoffMillis) {

        long backoffMillis(int failures) {
            long backoff = initialBackoffMillis << Math.min(20, failures - 1);
            return Math.min(maxBackoffMillis, backoff);
        }
    }

    public ScoringLoop(Consumer<byte[], byte[]> consumer, Delivery delivery, PollProcessor processor, RunStats stats,
                       ConsumerMetrics metrics, Health health, Shutdown shutdown, Retry retry) {
        this.consumer = consumer;
        this.delivery = delivery;
        this.processor = processor;
        this.stats = stats;
        this.metrics = metrics;
        this.health = health;
        this.shutdown = shutdown;
        this.retry = retry;
    }

    /** Runs until stopped or {@code limits} say so; returns whether it stopped on an idle timeout. */
    public boolean run(String inputTopic, RunLimits limits) {
        consumer.subscribe(List.of(inputTopic), new Rebalances(limits));
        limits.restartIdleClock();
        int failures = 0;
        while (!shutdown.stopped() && !limits.reached()) {
            ConsumerRecords<byte[], byte[]> polled;
            try {
                polled = consumer.poll(limits.pollTimeout());
            } catch (WakeupException e) {
                continue;
            }
            health.polled();
            List<ConsumerRecord<byte[], byte[]>> batch = take(polled, limits.admit(polled.count()));
            if (batch.isEmpty()) {
                continue;
            }
            List<Outcome> outcomes = processor.process(batch);
            try {
                delivery.deliver(outputs(outcomes), nextOffsets(batch));
            } catch (DeliveryException e) {
                failures++;
                retryLater(e, failures, batch);
                continue;
            }
            failures = 0;
            limits.taken(batch.size());
            recordDelivered(batch, outcomes);
        }
        return limits.idle();
    }

    private void retryLater(DeliveryException e, int failures, List<ConsumerRecord<byte[], byte[]>> batch) {
        if (failures >= retry.maxAttempts()) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "giving up after " + failures + " attempts: " + e.getMessage()
                    + "; offsets stay before the undelivered records, so a restart retries them (check the broker and "
                    + "the output and dead-letter topics)", e);
        }
        long backoff = retry.backoffMillis(failures);
        LOG.warn("poll of {} records not delivered (attempt {} of {}): {}; retrying in {} ms", batch.size(), failures,
                retry.maxAttempts(), e.getMessage(), backoff);
        delivery.recover();
        rewind(batch);
        shutdown.awaitStop(TimeUnit.MILLISECONDS.toNanos(backoff));
    }

    /** Seeks every still-assigned partition of the batch back to its first record in the batch. */
    private void rewind(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
        }
        Collection<TopicPartition> assigned = consumer.assignment();
        first.forEach((tp, offset) -> {
            if (assigned.contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
    }

    private void recordDelivered(List<ConsumerRecord<byte[], byte[]>> batch, List<Outcome> outcomes) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < batch.size(); i++) {
            stats.record(batch.get(i), outcomes.get(i), now);
            metrics.record(outcomes.get(i), now);
        }
        for (TopicPartition tp : consumer.assignment()) {
            consumer.currentLag(tp).ifPresent(lag -> metrics.lag(tp, lag));
        }
        if (System.nanoTime() - lastProgress >= PROGRESS_EVERY_NANOS) {
            lastProgress = System.nanoTime();
            LOG.info("progress: consumed {}, predicted {}, dead-lettered {} ({} records/s)", stats.consumed(),
                    stats.predicted(), stats.deadLetteredTotal(), Math.round(stats.consumed() / stats.elapsedSeconds()));
        }
    }

    /** The first {@code n} records of the poll; partitions with records beyond them are sought back so none is skipped. */
    private List<ConsumerRecord<byte[], byte[]>> take(ConsumerRecords<byte[], byte[]> polled, int n) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(n);
        for (ConsumerRecord<byte[], byte[]> r : polled) {
            if (batch.size() == n) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (consumer.position(tp) > r.offset()) {
                    consumer.seek(tp, r.offset());
                }
            } else {
                batch.add(r);
            }
        }
        return batch;
    }

    private static List<ProducerRecord<byte[], byte[]>> outputs(List<Outcome> outcomes) {
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            outputs.add(o.output());
        }
        return outputs;
    }

    /** The offset to commit per partition: one past the last record of the batch in it. */
    static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1, r.leaderEpoch(), ""));
        }
        return next;
    }

    /** Logs assignments; with each poll committed before the next, a revocation finds nothing to commit. */
    private static final class Rebalances implements ConsumerRebalanceListener {
        private final RunLimits limits;

        Rebalances(RunLimits limits) {
            this.limits = limits;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("partitions revoked: {}", partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("partitions assigned: {}", partitions);
            limits.restartIdleClock();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warn("partitions lost (session expired): {}; their uncommitted records go to the new owner", partitions);
        }
    }
}
