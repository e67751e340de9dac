package io.churnstream.producer.send;

import java.time.Duration;

import io.churnstream.producer.report.RunStats;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/** Asynchronous sends: key = customerID, value = the record's JSON; acknowledgements land on the watermark via callbacks. */
public class KafkaSink implements RecordSink {

    protected final Producer<byte[], byte[]> producer;
    protected final String topic;
    private final RunStats stats;
    private final SendListener listener;

    public KafkaSink(Producer<byte[], byte[]> producer, String topic, RunStats stats, SendListener listener) {
        this.producer = producer;
        this.topic = topic;
        this.stats = stats;
        this.listener = listener;
    }

    @Override
    public void send(long row, byte[] key, byte[] value, AckWatermark acks) {
        listener.sent();
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                if (error == null) {
                    stats.sent();
                    listener.acknowledged();
                    acks.complete(row);
                } else {
                    stats.failed();
                    listener.failed();
                    acks.fail(row, error);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            stats.failed();
            listener.failed();
            acks.fail(row, e);
        }
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
