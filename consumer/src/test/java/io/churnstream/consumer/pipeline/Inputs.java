package io.churnstream.consumer.pipeline;

import java.nio.charset.StandardCharsets;

import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Input records as the consumer would poll them. */
final class Inputs {

    static final String TOPIC = "raw";

    private Inputs() {
    }

    static ConsumerRecord<byte[], byte[]> of(String key, byte[] value, long offset) {
        return new ConsumerRecord<>(TOPIC, 1, offset, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    static ConsumerRecord<byte[], byte[]> of(CustomerRecord customer, long offset) {
        return of(customer.customerId(), Json.write(customer), offset);
    }
}
