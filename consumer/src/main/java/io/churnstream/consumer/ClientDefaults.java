package io.churnstream.consumer;

import java.util.LinkedHashMap;
import java.util.Map;

import io.churnstream.common.kafka.ProducerDefaults;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Tool defaults of the consumer's two Kafka clients (the weakest config layer). {@code streaming} sends each poll's
 * outputs at once and uncompressed ({@link ProducerDefaults#unbatched()}); {@code batch} lets them linger and
 * compresses them, as they are flushed per poll anyway.
 */
final class ClientDefaults {

    private ClientDefaults() {
    }

    static Map<String, String> all(boolean streaming) {
        Map<String, String> m = new LinkedHashMap<>(ProducerDefaults.reliable());
        m.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        m.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        if (streaming) {
            m.putAll(ProducerDefaults.unbatched());
        }
        m.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "30000");
        m.put(ConsumerConfig.GROUP_ID_CONFIG, ConsumerOptions.DEFAULT_GROUP);
        m.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocols.DEFAULT);
        m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        m.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        m.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        m.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        return m;
    }
}
