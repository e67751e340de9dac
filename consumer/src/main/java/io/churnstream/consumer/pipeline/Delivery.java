package io.churnstream.consumer.pipeline;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** Publishes the outputs of one poll and commits its offsets, in the way that keeps the mode's guarantee. */
public interface Delivery extends AutoCloseable {

    /**
     * Returns once the outputs are acknowledged and the offsets committed; throws {@link DeliveryException} when
     * they may not be, in which case the caller rewinds to the poll's first offsets and tries again.
     */
    void deliver(List<ProducerRecord<byte[], byte[]>> outputs, Map<TopicPartition, OffsetAndMetadata> offsets);

    /** Gets ready for a retry after a {@link DeliveryException}: a fresh producer, an aborted transaction. */
    void recover();

    @Override
    void close();
}
