package io.churnstream.consumer.models;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a models topic the way every reader must: its one partition from the first record, read_committed, without
 * a consumer group (nothing is committed; each start reads the whole topic again, which compaction keeps short).
 */
final class ModelsReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition;

    ModelsReader(KafkaSettings settings, String topic, String clientId) {
        Properties properties = settings.forClient("consumer", ConsumerConfig.configNames(), Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(Topics.MODELS_MAX_MESSAGE_BYTES)));
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        this.partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    /** The offset after the last record a read_committed reader may read now. */
    long end(Duration timeout) {
        return consumer.endOffsets(List.of(partition), timeout).get(partition);
    }

    long position(Duration timeout) {
        return consumer.position(partition, timeout);
    }

    List<ConsumerRecord<String, byte[]>> poll(Duration timeout) {
        return consumer.poll(timeout).records(partition);
    }

    /** Makes a blocked {@link #poll} return; the only method another thread may call. */
    void wakeup() {
        consumer.wakeup();
    }

    String topic() {
        return partition.topic();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
