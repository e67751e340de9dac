package io.churnstream.consumer.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.kafka.KafkaFailures;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --exactly-once}: each poll is one transaction holding its outputs and its input offsets, committed after the
 * next poll has been scored
 * ({@code sendOffsetsToTransaction} with the consumer's group metadata, so a zombie from an older generation is
 * fenced). A {@code read_committed} reader sees each input's output exactly once, across crashes and rebalances.
 */
public final class TransactionalDelivery implements Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalDelivery.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Consumer<byte[], byte[]> consumer;
    private final String transactionalId;
    private final KafkaFailures failures;
    private Producer<byte[], byte[]> producer;
    private boolean open;
    private Map<TopicPartition, OffsetAndMetadata> pendingOffsets;

    /** A refusal by the broker ends the run at once, through {@code failures}, with the transaction aborted. */
    public TransactionalDelivery(Supplier<Producer<byte[], byte[]>> producers, Consumer<byte[], byte[]> consumer,
                                 String transactionalId, KafkaFailures failures) {
        this.producers = producers;
        this.consumer = consumer;
        this.transactionalId = transactionalId;
        this.failures = failures;
        this.producer = initialised(producers);
    }

    @Override
    public void send(List<ProducerRecord<byte[], byte[]>> outputs, Map<TopicPartition, OffsetAndMetadata> offsets) {
        transacted(() -> {
            producer.beginTransaction();
            open = true;
            pendingOffsets = offsets;
            for (ProducerRecord<byte[], byte[]> output : outputs) {
                producer.send(output);
            }
        }, "transaction not started");
    }

    @Override
    public void complete() {
        if (!open) {
            return;
        }
        transacted(() -> {
            producer.sendOffsetsToTransaction(pendingOffsets, consumer.groupMetadata());
            producer.commitTransaction();
            open = false;
        }, "transaction not committed");
    }

    private void transacted(Runnable step, String failure) {
        try {
            step.run();
        } catch (ProducerFencedException | FencedInstanceIdException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "another consumer with transactional.id "
                    + transactionalId + " took over, so this one stops: give each instance its own --instance-id", e);
        } catch (OutOfOrderSequenceException | UnsupportedVersionException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "the transactional producer failed for good: "
                    + e.getMessage(), e);
        } catch (KafkaException e) {
            if (KafkaFailures.isRefusal(e)) {
                throw new CliException(ExitCodes.ACCESS_DENIED, failures.reason(e, KafkaFailures.Attempt.PRODUCE, List.of())
                        + DeliveryException.NOTHING_COMMITTED, e);
            }
            throw new DeliveryException(failure, e);
        }
    }

    @Override
    public void recover() {
        if (!open) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            LOG.warn("cannot abort the transaction ({}); starting a new producer, which aborts it", e.getMessage());
            producer.close(Duration.ZERO);
            producer = initialised(producers);
        }
        open = false;
    }

    private static Producer<byte[], byte[]> initialised(Supplier<Producer<byte[], byte[]>> producers) {
        Producer<byte[], byte[]> producer = producers.get();
        producer.initTransactions();
        return producer;
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }
}

