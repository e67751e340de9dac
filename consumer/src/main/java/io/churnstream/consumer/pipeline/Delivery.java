package io.churnstream.consumer.pipeline;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Publishes the outputs of one poll and commits its offsets, in the way that keeps the mode's guarantee, in two
 * steps: {@link #send} starts it, {@link #complete} finishes it, so the loop can score the next poll in between.
 * At most one poll is in flight.
 */
public interface Delivery extends AutoCloseable {

    /** Starts publishing {@code outputs}; {@code offsets} are committed by the next {@link #complete}. */
    void send(List<ProducerRecord<byte[], byte[]>> outputs, Map<TopicPartition, OffsetAndMetadata> offsets);

    /**
     * Returns once the outputs of the last {@link #send} are acknowledged and its offsets committed (at once when
     * nothing is in flight); throws {@link DeliveryException} when they may not be, in which case the caller rewinds
     * to that poll's first offsets and tries again.
     */
    void complete();

    /** Gets ready for a retry after a {@link DeliveryException}: a fresh producer, an aborted transaction. */
    void recover();

    @Override
    void close();
}
