package io.churnstream.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.DeadLetter;
import io.churnstream.common.record.ErrorType;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Checks a pipeline's dead letters record by record against what each input should have become: exactly the expected
 * keys, each with its error type in the JSON and the {@code churn.error.type} header, and the source topic, partition
 * and offset of its input record in both.
 */
final class DeadLetterAudit {

    private static final int EXAMPLES = 5;

    private DeadLetterAudit() {
    }

    /** Every way the dead letters differ from {@code expected} (input key to error type); empty when they match. */
    static List<String> mismatches(TopicIO topics, Pipeline pipeline, Map<String, ErrorType> expected) {
        Map<String, ConsumerRecord<byte[], byte[]>> inputs = new HashMap<>();
        topics.readAll(pipeline.input(), true).forEach(r -> inputs.put(TopicIO.key(r), r));
        List<String> problems = new ArrayList<>();
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        for (ConsumerRecord<byte[], byte[]> letter : topics.readAll(pipeline.deadLetters(), true)) {
            String key = TopicIO.key(letter);
            missing.remove(key);
            ErrorType type = expected.get(key);
            ConsumerRecord<byte[], byte[]> input = inputs.get(key);
            if (type == null || input == null) {
                problems.add(key + ": dead-lettered, but not expected to be");
            } else {
                problems.addAll(compare(key, letter, input, type));
            }
        }
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " expected dead letters missing, e.g. " + missing.stream().limit(EXAMPLES).toList());
        }
        return problems;
    }

    private static List<String> compare(String key, ConsumerRecord<byte[], byte[]> letter, ConsumerRecord<byte[], byte[]> input,
                                        ErrorType expected) {
        JsonNode json;
        try {
            json = Json.parse(letter.value());
        } catch (IOException e) {
            return List.of(key + ": dead letter is not JSON");
        }
        Map<String, String> found = new HashMap<>();
        found.put("error_type", json.path("error_type").asText());
        found.put("source_topic", json.path("source_topic").asText());
        found.put("source_partition", json.path("source_partition").asText());
        found.put("source_offset", json.path("source_offset").asText());
        found.put(DeadLetter.HEADER_ERROR_TYPE, header(letter, DeadLetter.HEADER_ERROR_TYPE));
        found.put(DeadLetter.HEADER_SOURCE_TOPIC, header(letter, DeadLetter.HEADER_SOURCE_TOPIC));
        found.put(DeadLetter.HEADER_SOURCE_PARTITION, header(letter, DeadLetter.HEADER_SOURCE_PARTITION));
        found.put(DeadLetter.HEADER_SOURCE_OFFSET, header(letter, DeadLetter.HEADER_SOURCE_OFFSET));
        Map<String, String> wanted = Map.of(
                "error_type", expected.wireName(), DeadLetter.HEADER_ERROR_TYPE, expected.wireName(),
                "source_topic", input.topic(), DeadLetter.HEADER_SOURCE_TOPIC, input.topic(),
                "source_partition", Integer.toString(input.partition()),
                DeadLetter.HEADER_SOURCE_PARTITION, Integer.toString(input.partition()),
                "source_offset", Long.toString(input.offset()), DeadLetter.HEADER_SOURCE_OFFSET, Long.toString(input.offset()));
        List<String> problems = new ArrayList<>();
        wanted.forEach((field, value) -> {
            if (!Objects.equals(value, found.get(field))) {
                problems.add(key + ": " + field + " is " + found.get(field) + ", expected " + value);
            }
        });
        return problems;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
