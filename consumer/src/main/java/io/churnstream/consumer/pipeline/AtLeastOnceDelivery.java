package io.churnstream.consumer.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.kafka.KafkaFailures;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Default mode: asynchronous sends, one flush per poll, and {@code commitSync} only once every output of the poll is
 * acknowledged; the flush comes after the next poll has been scored, so the sends travel meanwhile. A crash at any point leaves the offsets at or before the first unacknowledged output: records may be
 * scored twice, never lost. Sending stops at the first refused send: the poll is retried as a whole anyway, and each
 * further send to a topic missing from the metadata would block for {@code max.block.ms}.
 */
public final class AtLeastOnceDelivery implements Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(AtLeastOnceDelivery.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Consumer<byte[], byte[]> consumer;
    private final KafkaFailures failures;
    private Producer<byte[], byte[]> producer;
    private InFlight inFlight;

    /** The sends of one poll not yet known to be acknowledged, and the offsets to commit once they are. */
    private record InFlight(AtomicReference<Exception> firstError, Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    /** A refusal by the broker ends the run at once, through {@code failures}, with nothing of the poll committed. */
    public AtLeastOnceDelivery(Supplier<Producer<byte[], byte[]>> producers, Consumer<byte[], byte[]> consumer,
                               KafkaFailures failures) {
        this.producers = producers;
        this.consumer = consumer;
        this.failures = failures;
        this.producer = producers.get();
    }

    @Override
    public void send(List<ProducerRecord<byte[], byte[]>> outputs, Map<TopicPartition, OffsetAndMetadata> offsets) {
        AtomicReference<Exception> firstError = new AtomicReference<>();
        try {
            for (ProducerRecord<byte[], byte[]> output : outputs) {
                if (firstError.get() != null) {
                    break;
                }
                producer.send(output, (metadata, error) -> {
                    if (error != null) {
                        firstError.compareAndSet(null, error);
                    }
                });
            }
        } catch (KafkaException e) {
            firstError.compareAndSet(null, e);
        }
        inFlight = new InFlight(firstError, offsets);
    }

    @Override
    public void complete() {
        InFlight sent = inFlight;
        if (sent == null) {
            return;
        }
        inFlight = null;
        try {
            producer.flush();
        } catch (KafkaException e) {
            sent.firstError().compareAndSet(null, e);
        }
        Exception error = sent.firstError().get();
        if (error != null && KafkaFailures.isRefusal(error)) {
            throw new CliException(ExitCodes.ACCESS_DENIED, failures.reason(error, KafkaFailures.Attempt.PRODUCE, List.of())
                    + DeliveryException.NOTHING_COMMITTED, error);
        }
        if (error != null) {
            throw new DeliveryException("outputs not acknowledged", error);
        }
        commit(sent.offsets());
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            commitSyncThroughWakeup(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.warn("offsets of the last poll not committed: the group rebalanced and the new owner will score those "
                    + "records again (duplicates, nothing lost)");
        } catch (KafkaException e) {
            if (KafkaFailures.isRefusal(e)) {
                throw new CliException(ExitCodes.ACCESS_DENIED, failures.reason(e, KafkaFailures.Attempt.CONSUME, List.of())
                        + DeliveryException.NOTHING_COMMITTED, e);
            }
            throw new DeliveryException("offsets not committed", e);
        }
    }

    /** A stop request wakes the consumer up; the outputs are already stored, so the commit still has to happen. */
    private void commitSyncThroughWakeup(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            consumer.commitSync(offsets);
        }
    }

    @Override
    public void recover() {
        inFlight = null;
        producer.close(Duration.ZERO);
        producer = producers.get();
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}
