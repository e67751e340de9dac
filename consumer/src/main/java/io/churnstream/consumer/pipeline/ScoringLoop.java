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
 * poll -> process the whole poll (parse, validate, score) -> complete the previous poll (its outputs acknowledged,
 * its offsets committed) -> send this poll's outputs -> poll again. One poll is in flight while the next is scored,
 * never more, and a rebalance completes it before the partitions move. With {@link Completion#AFTER_SEND} each poll
 * is completed right after its outputs are sent instead, so they never wait for the previous poll's commit. A poll
 * that cannot be completed is rewound, with the one scored after it, and retried with exponential backoff; after
 * {@code maxAttempts} the run stops with the offsets still before it, so nothing is skipped. Too many processing or
 * inference errors stop the run before the poll that tipped the {@link ErrorBudget} is sent. The {@link PollListener}
 * hears of each poll before it is processed (when a model may be swapped, so one model scores a whole poll, and a
 * whole transaction) and after it is delivered.
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
    private final ErrorBudget errors;
    private final PollListener listener;
    private final Completion completion;
    private long lastProgress = System.nanoTime();
    private InFlight inFlight;
    private int failures;
    /** What a rebalance callback could not do; thrown once poll returns, instead of Kafka's wrapper around it. */
    private RuntimeException callbackFailure;

    /**
     * When a poll is completed. {@code OVERLAPPED}: once the next poll is scored, so its sends travel meanwhile (for
     * throughput). {@code AFTER_SEND}: right after its outputs are sent, before the next poll, so a poll's outputs go
     * out as soon as it is scored instead of after the previous poll's acknowledgements and commit (for latency).
     */
    public enum Completion { OVERLAPPED, AFTER_SEND }

    /** How often, and how patiently, a failed poll is retried. */
    public record Retry(int maxAttempts, long initialBackoffMillis, long maxBackoffMillis) {

        long backoffMillis(int failures) {
            long backoff = initialBackoffMillis << Math.min(20, failures - 1);
            return Math.min(maxBackoffMillis, backoff);
        }
    }

    /** A poll whose outputs are sent and whose offsets are not committed yet, and when it was scored. */
    private record InFlight(List<ConsumerRecord<byte[], byte[]>> batch, List<Outcome> outcomes, long scoredMillis) {
    }

    public ScoringLoop(Consumer<byte[], byte[]> consumer, Delivery delivery, PollProcessor processor, RunStats stats,
                       ConsumerMetrics metrics, Health health, Shutdown shutdown, Retry retry, ErrorTolerance tolerance,
                       PollListener listener, Completion completion) {
        this.consumer = consumer;
        this.delivery = delivery;
        this.processor = processor;
        this.stats = stats;
        this.metrics = metrics;
        this.health = health;
        this.shutdown = shutdown;
        this.retry = retry;
        this.errors = new ErrorBudget(tolerance.maxRatio(), tolerance.window());
        this.listener = listener;
        this.completion = completion;
    }

    /** How many processing and inference errors a run tolerates: more than {@code maxRatio} of the last {@code window} stops it. */
    public record ErrorTolerance(double maxRatio, int window) {
    }

    /** Runs until stopped or {@code limits} say so; returns whether it stopped on an idle timeout. */
    public boolean run(String inputTopic, RunLimits limits) {
        consumer.subscribe(List.of(inputTopic), new Rebalances(limits));
        limits.restartIdleClock();
        try {
            loop(limits);
        } finally {
            inFlight = null;
        }
        return limits.idle();
    }

    /** Polls and scores until stopped or done; nothing is left in flight when it returns normally. */
    private void loop(RunLimits limits) {
        while (!shutdown.stopped() && !limits.reached() || inFlight != null) {
            if (shutdown.stopped() || limits.reached()) {
                complete(limits, List.of());
                continue;
            }
            ConsumerRecords<byte[], byte[]> polled;
            try {
                polled = consumer.poll(limits.pollTimeout());
            } catch (WakeupException e) {
                throwCallbackFailure();
                continue;
            }
            throwCallbackFailure();
            health.polled();
            listener.beforeProcessing();
            List<ConsumerRecord<byte[], byte[]>> batch = take(polled, limits.admit(polled.count()));
            if (batch.isEmpty()) {
                complete(limits, List.of());
                continue;
            }
            limits.taken(batch.size());
            List<Outcome> outcomes = processor.process(batch);
            long scoredMillis = System.currentTimeMillis();
            if (errors.exceededBy(outcomes)) {
                stopOnErrors(limits);
            }
            if (complete(limits, batch)) {
                send(limits, new InFlight(batch, outcomes, scoredMillis));
                if (completion == Completion.AFTER_SEND) {
                    complete(limits, List.of());
                }
            }
        }
    }

    /** Completes the good poll in flight, then stops: the poll that tipped the budget is never sent or committed. */
    private void stopOnErrors(RunLimits limits) {
        String why = errors.describe();
        try {
            complete(limits, List.of());
        } catch (CliException e) {
            LOG.warn("the poll before could not be committed either: {}", e.getMessage());
        }
        throw new CliException(ExitCodes.RUNTIME_FAILURE, "stopping: " + why + ", which points at a bug or a bad "
                + "model rather than bad data; nothing after the last good poll was committed (the dead letters' "
                + "churn.error.message says what failed)");
    }

    private void send(RunLimits limits, InFlight poll) {
        try {
            delivery.send(outputs(poll.outcomes()), nextOffsets(poll.batch()));
            inFlight = poll;
        } catch (DeliveryException e) {
            retryLater(e, limits, poll.batch(), List.of());
        }
    }

    /**
     * Completes the poll in flight, if there is one; on failure rewinds it and {@code next} (scored after it, not
     * sent) and returns false. Once a stop is requested there is no later poll to retry it with: a failure then ends
     * the run with exit 1, the records uncommitted, so the next start scores them again.
     */
    private boolean complete(RunLimits limits, List<ConsumerRecord<byte[], byte[]>> next) {
        InFlight sent = inFlight;
        if (sent == null) {
            return true;
        }
        inFlight = null;
        try {
            delivery.complete();
        } catch (DeliveryException e) {
            if (shutdown.stopped()) {
                abandon(limits, sent.batch(), next);
                throw new CliException(ExitCodes.RUNTIME_FAILURE, "stopped, but the last poll of "
                        + sent.batch().size() + " records was not committed: " + e.getMessage()
                        + "; the next start scores them again", e);
            }
            retryLater(e, limits, sent.batch(), next);
            return false;
        }
        failures = 0;
        recordDelivered(sent);
        return true;
    }

    private void throwCallbackFailure() {
        RuntimeException failure = callbackFailure;
        if (failure != null) {
            callbackFailure = null;
            throw failure;
        }
    }

    private void retryLater(DeliveryException e, RunLimits limits, List<ConsumerRecord<byte[], byte[]>> failed,
                            List<ConsumerRecord<byte[], byte[]>> next) {
        failures++;
        if (failures >= retry.maxAttempts()) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "giving up after " + failures + " attempts: " + e.getMessage()
                    + "; offsets stay before the undelivered records, so a restart retries them (check the broker and "
                    + "the output and dead-letter topics)", e);
        }
        long backoff = retry.backoffMillis(failures);
        LOG.warn("poll of {} records not delivered (attempt {} of {}): {}; retrying in {} ms", failed.size(), failures,
                retry.maxAttempts(), e.getMessage(), backoff);
        abandon(limits, failed, next);
        shutdown.awaitStop(TimeUnit.MILLISECONDS.toNanos(backoff));
    }

    /** Drops what is in flight or scored and seeks back to the first of it, so it is all read and scored again. */
    @SafeVarargs
    private void abandon(RunLimits limits, List<ConsumerRecord<byte[], byte[]>>... batches) {
        delivery.recover();
        Map<TopicPartition, Long> first = new HashMap<>();
        for (List<ConsumerRecord<byte[], byte[]>> batch : batches) {
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
            }
            limits.taken(-batch.size());
        }
        rewind(first);
    }

    /** Seeks every still-assigned partition of {@code first} back to its offset there. */
    private void rewind(Map<TopicPartition, Long> first) {
        Collection<TopicPartition> assigned = consumer.assignment();
        first.forEach((tp, offset) -> {
            if (assigned.contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
    }

    /**
     * Counts a delivered poll. Its records are timed when they were scored, not now: overlapped, at a trickle, a poll
     * is completed only once the next poll returns, which is no part of a prediction's latency.
     */
    private void recordDelivered(InFlight sent) {
        List<ConsumerRecord<byte[], byte[]>> batch = sent.batch();
        List<Outcome> outcomes = sent.outcomes();
        for (int i = 0; i < batch.size(); i++) {
            stats.record(batch.get(i), outcomes.get(i), sent.scoredMillis());
        }
        metrics.record(outcomes, sent.scoredMillis());
        listener.delivered(outcomes);
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

    /**
     * The offset to commit per partition: one past the last record of the batch in it. A poll brings its records
     * partition by partition, so only the last record of each run of one partition is looked at.
     */
    static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        ConsumerRecord<byte[], byte[]> last = null;
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            if (last != null && (r.partition() != last.partition() || !r.topic().equals(last.topic()))) {
                putNext(next, last);
            }
            last = r;
        }
        if (last != null) {
            putNext(next, last);
        }
        return next;
    }

    private static void putNext(Map<TopicPartition, OffsetAndMetadata> next, ConsumerRecord<byte[], byte[]> r) {
        next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1, r.leaderEpoch(), ""));
    }

    /** Completes the poll in flight before partitions move, so the new owner starts after it; logs assignments. */
    private final class Rebalances implements ConsumerRebalanceListener {
        private final RunLimits limits;

        Rebalances(RunLimits limits) {
            this.limits = limits;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("partitions revoked: {}", partitions);
            }
            InFlight sent = inFlight;
            if (sent == null) {
                return;
            }
            inFlight = null;
            try {
                delivery.complete();
                recordDelivered(sent);
            } catch (DeliveryException e) {
                LOG.warn("last poll not delivered before the rebalance ({}); its records are read and scored again",
                        e.getMessage());
                abandon(limits, sent.batch());
            } catch (RuntimeException e) {
                callbackFailure = e;
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
            InFlight sent = inFlight;
            if (sent != null) {
                inFlight = null;
                abandon(limits, sent.batch());
            }
        }
    }
}
