package io.churnstream.consumer.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns one input record into its {@link Outcome}. Implementations are thread-safe and never throw. */
public interface RecordProcessor {

    Outcome process(ConsumerRecord<byte[], byte[]> input);
}
