package io.churnstream.common.tools;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.churnstream.common.json.Json;
import io.churnstream.common.kafka.KafkaFailures;
import io.churnstream.common.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the newest records of a topic without joining a consumer group. */
final class TopicTail implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaFailures failures;

    TopicTail(KafkaSettings settings, KafkaFailures failures) {
        this.failures = failures;
        Map<String, Object> extra = Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "churnstream-dump-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(settings.toProperties(extra), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Up to {@code n} of the newest records of {@code topic}, oldest first; empty when the topic does not exist. */
    List<Map<String, Object>> last(String topic, int n) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        } catch (KafkaException e) {
            throw failures.explained(e, KafkaFailures.Attempt.DESCRIBE);
        }
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        long wanted = 0;
        for (TopicPartition tp : partitions) {
            long from = Math.max(begin.get(tp), end.get(tp) - n);
            consumer.seek(tp, from);
            wanted += end.get(tp) - from;
        }
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        try {
            while (seen.size() < wanted && System.nanoTime() < deadline && !reachedEnd(partitions, end)) {
                consumer.poll(POLL).forEach(seen::add);
            }
        } catch (KafkaException e) {
            throw failures.explained(e, KafkaFailures.Attempt.CONSUME);
        }
        seen.sort(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp()).thenComparingLong(ConsumerRecord::offset));
        List<ConsumerRecord<byte[], byte[]>> newest = seen.subList(Math.max(0, seen.size() - n), seen.size());
        return newest.stream().map(TopicTail::describe).toList();
    }

    private boolean reachedEnd(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> describe(ConsumerRecord<byte[], byte[]> r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topic", r.topic());
        out.put("partition", r.partition());
        out.put("offset", r.offset());
        out.put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString());
        out.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        if (!headers.isEmpty()) {
            out.put("headers", headers);
        }
        out.put("value", value(r.value()));
        return out;
    }

    private static Object value(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return Json.parse(bytes);
        } catch (java.io.IOException notJson) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException notText) {
                return "base64:" + Base64.getEncoder().encodeToString(bytes);
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
