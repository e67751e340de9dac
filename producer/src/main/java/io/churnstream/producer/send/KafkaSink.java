package io.churnstream.producer.send;

import java.time.Duration;
import java.util.List;

import io.churnstream.common.kafka.KafkaFailures;
import io.churnstream.producer.report.RunStats;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/** Asynchronous sends: key = customerID, value = the record's JSON; acknowledgements land on the watermark via callbacks. */
public class KafkaSink implements RecordSink {

    protected final Producer<byte[], byte[]> producer;
    protected final String topic;
    protected final KafkaFailures failures;
    private final RunStats stats;
    private final SendListener listener;

    /**
     * A refused send fails its row with {@code failures}' explanation, which is what the user then reads;
     * {@code listener} hears of every send and its outcome.
     */
    public KafkaSink(Producer<byte[], byte[]> producer, String topic, RunStats stats, KafkaFailures failures,
                     SendListener listener) {
        this.producer = producer;
        this.topic = topic;
        this.stats = stats;
        this.failures = failures;
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
                    acks.fail(row, explained(error));
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            stats.failed();
            listener.failed();
            acks.fail(row, explained(e));
        }
    }

    private Throwable explained(Exception error) {
        return failures.explain(error, KafkaFailures.Attempt.PRODUCE, List.of(topic)).map(Throwable.class::cast).orElse(error);
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
