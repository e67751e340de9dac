package io.churnstream.common.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Tool defaults for Kafka producers (the weakest config layer): the producer jar's two modes and the consumer's
 * output producer. All keep acks=all and idempotence.
 * lz4 rather than the Python system's gzip: on JSON rows it compresses nearly as well at a fraction of the CPU,
 * which matters on a 2-core box where compression would otherwise bound throughput.
 */
public final class ProducerDefaults {

    private ProducerDefaults() {
    }

    /** Low latency: no linger (records batch up only while earlier requests are in flight), small batches. */
    public static Map<String, String> streaming() {
        Map<String, String> m = publishing();
        m.putAll(unbatched());
        m.put(ProducerConfig.BATCH_SIZE_CONFIG, "16384");
        return m;
    }

    /**
     * A stream's sends: no linger, so a trickle is not held back for batches that never fill; one request in flight,
     * so that under load records batch up while it travels instead of going out one request each; and no compression,
     * because batches of a few records hardly compress while each lz4 batch allocates 128 KB of buffers (thousands a
     * second at a thousand events a second, which is what the garbage collector's pauses were made of).
     */
    public static Map<String, String> unbatched() {
        return Map.of(ProducerConfig.LINGER_MS_CONFIG, "0", ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    }

    /** Throughput: big batches, a little linger to fill them. */
    public static Map<String, String> batch() {
        Map<String, String> m = publishing();
        m.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        m.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        m.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L * 1024 * 1024));
        return m;
    }

    /**
     * The producer jar's modes: {@link #reliable()}, and a send that waits for metadata as long as a delivery may retry.
     * When no broker answers, the client drops its metadata (it rebootstraps) and every send waits for it again, so
     * with a shorter wait a broker restart outlasting it failed the run although deliveries retry for 120 s.
     */
    private static Map<String, String> publishing() {
        Map<String, String> m = reliable();
        m.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, m.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        return m;
    }

    /** Durability settings every producer of the project starts from: acks=all, idempotence, lz4, bounded retries. */
    public static Map<String, String> reliable() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ProducerConfig.ACKS_CONFIG, "all");
        m.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        m.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        m.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        m.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        m.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        m.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        m.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "1000");
        m.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return m;
    }
}
