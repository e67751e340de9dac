package io.churnstream.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.json.Json;
import io.churnstream.common.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a predictions topic from the beginning in a thread of its own, without a group and read_committed (as any
 * downstream reader would), and hands each record's arrival to the current {@link LatencyRecorder}.
 */
final class LatencyReader implements AutoCloseable {

    private static final Duration ASSIGN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final boolean timed;
    private final Thread thread;
    private LatencyRecorder recorder;
    private long seen;
    private volatile boolean closed;

    private LatencyReader(KafkaConsumer<byte[], byte[]> consumer, boolean timed, LatencyRecorder recorder, String topic) {
        this.consumer = consumer;
        this.timed = timed;
        this.recorder = recorder;
        this.thread = new Thread(this::read, "bench-reader-" + topic);
        thread.setDaemon(true);
    }

    /**
     * A reader positioned at the start of every partition of {@code topic} before this returns, so nothing written
     * afterwards can be missed. {@code timed} parses each value's {@code event_ts}; otherwise only arrivals count.
     */
    static LatencyReader start(KafkaSettings settings, String topic, boolean timed, LatencyRecorder recorder) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10",
                ConsumerConfig.CLIENT_ID_CONFIG, "churnstream-bench-reader");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.toProperties(config),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, ASSIGN_TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new CliException(ExitCodes.RUNTIME_FAILURE, "topic " + topic + " has no partitions to read");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        LatencyReader reader = new LatencyReader(consumer, timed, recorder, topic);
        reader.thread.start();
        return reader;
    }

    /** From now on, arrivals go to {@code next}. */
    synchronized void phase(LatencyRecorder next) {
        recorder = next;
    }

    synchronized long seen() {
        return seen;
    }

    /** Waits until {@code count} records have arrived in all; false when {@code timeout} passes first. */
    synchronized boolean awaitSeen(long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (seen < count) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !thread.isAlive()) {
                    return false;
                }
                wait(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while reading predictions");
        }
    }

    private void read() {
        try {
            while (!closed) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                if (records.isEmpty()) {
                    continue;
                }
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (timed) {
                            recordTimed(r.value(), now);
                        } else {
                            recorder.record(LatencyRecorder.NOT_TIMED, now);
                        }
                    }
                    seen += records.count();
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            // closed
        } finally {
            consumer.close(Duration.ofSeconds(5));
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private void recordTimed(byte[] value, long now) {
        JsonNode prediction;
        try {
            prediction = Json.parse(value);
        } catch (IOException e) {
            recorder.record(LatencyRecorder.UNPARSED, now);
            return;
        }
        recorder.record(millis(prediction, "event_ts"), millis(prediction, "processed_ts"), now);
    }

    static long eventMillis(byte[] value) {
        try {
            return millis(Json.parse(value), "event_ts");
        } catch (IOException e) {
            return LatencyRecorder.UNPARSED;
        }
    }

    private static long millis(JsonNode prediction, String field) {
        String ts = prediction.path(field).asText("");
        try {
            return ts.isEmpty() ? LatencyRecorder.UNPARSED : Instant.parse(ts).toEpochMilli();
        } catch (DateTimeParseException e) {
            return LatencyRecorder.UNPARSED;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
