package io.churnstream.consumer.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.DeadLetter;
import io.churnstream.common.record.ErrorType;
import io.churnstream.common.record.EventTime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the dead letter of a failed input: the original key, a JSON value with the reason (in the chosen
 * {@link DeadLetterFormat}) and the same context, with the source position, as text headers. An original too big for
 * the topic is truncated and marked so.
 */
public final class DeadLetters {

    /** Room kept for the key, headers and record overhead when fitting a dead letter under the topic's limit. */
    static final int OVERHEAD_BYTES = 8 * 1024;
    static final int MAX_HEADER_MESSAGE_CHARS = 500;

    private final String topic;
    private final String consumerGroup;
    private final int maxValueBytes;
    private final DeadLetterFormat format;

    /** {@code maxMessageBytes}: the dead-letter topic's {@code max.message.bytes} (or the producer's request limit, if lower). */
    public DeadLetters(String topic, String consumerGroup, int maxMessageBytes, DeadLetterFormat format) {
        this.topic = topic;
        this.consumerGroup = consumerGroup;
        this.maxValueBytes = Math.max(1024, maxMessageBytes - OVERHEAD_BYTES);
        this.format = format;
    }

    ProducerRecord<byte[], byte[]> build(ConsumerRecord<byte[], byte[]> source, Failure failure) {
        String failedTs = EventTime.format(Instant.now());
        Integer truncatedFrom = failure.truncatedFrom();
        byte[] value = body(source, failure, failure.original(), failure.encoding(), truncatedFrom, failedTs);
        if (value.length > maxValueBytes) {
            truncatedFrom = failure.raw() == null ? 0 : failure.raw().length;
            value = truncated(source, failure, failedTs);
        }
        return new ProducerRecord<>(topic, null, source.key(), value, headers(source, failure, truncatedFrom));
    }

    private byte[] truncated(ConsumerRecord<byte[], byte[]> source, Failure failure, String failedTs) {
        byte[] raw = failure.raw() == null ? new byte[0] : failure.raw();
        boolean binary = Failure.BASE64.equals(failure.encoding());
        int keep = Math.min(raw.length, maxValueBytes / 2);
        while (true) {
            String kept = binary ? Base64.getEncoder().encodeToString(Arrays.copyOf(raw, keep))
                    : new String(raw, 0, keep, StandardCharsets.UTF_8);
            byte[] value = body(source, failure, TextNode.valueOf(kept), binary ? Failure.BASE64 : Failure.TEXT,
                    raw.length, failedTs);
            if (value.length <= maxValueBytes || keep == 0) {
                return value;
            }
            keep = keep / 2;
        }
    }

    private byte[] body(ConsumerRecord<byte[], byte[]> source, Failure failure, JsonNode original, String encoding,
                        Integer truncatedFrom, String failedTs) {
        if (format == DeadLetterFormat.LEGACY) {
            return Json.write(new DeadLetterFormat.Legacy(DeadLetterFormat.legacyOriginal(original, encoding, truncatedFrom),
                    DeadLetterFormat.legacyErrorType(failure.type()), failure.message(), failure.validationErrors(),
                    source.topic(), failedTs, consumerGroup));
        }
        return Json.write(new DeadLetter(original, encoding, truncatedFrom == null ? null : Boolean.TRUE, truncatedFrom,
                failure.type(), failure.message(), failure.validationErrors(), source.topic(), source.partition(),
                source.offset(), failedTs, consumerGroup));
    }

    private static Headers headers(ConsumerRecord<byte[], byte[]> source, Failure failure, Integer truncatedFrom) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetter.HEADER_ERROR_TYPE, utf8(failure.type().wireName()));
        headers.add(DeadLetter.HEADER_ERROR_MESSAGE, utf8(clip(failure.message())));
        headers.add(DeadLetter.HEADER_SOURCE_TOPIC, utf8(source.topic()));
        headers.add(DeadLetter.HEADER_SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(DeadLetter.HEADER_SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        headers.add(DeadLetter.HEADER_ORIGINAL_ENCODING, utf8(failure.encoding()));
        if (truncatedFrom != null) {
            headers.add(DeadLetter.HEADER_ORIGINAL_SIZE_BYTES, utf8(Integer.toString(truncatedFrom)));
        }
        return headers;
    }

    /** A dead letter for an unexpected exception while processing: the original kept as base64, whatever it was. */
    ProducerRecord<byte[], byte[]> processingError(ConsumerRecord<byte[], byte[]> source, RuntimeException e) {
        String message = "unexpected " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        byte[] raw = source.value();
        JsonNode original = raw == null ? NullNode.getInstance() : TextNode.valueOf(Base64.getEncoder().encodeToString(raw));
        return build(source, new Failure(ErrorType.PROCESSING_ERROR, message, List.of(), original,
                raw == null ? Failure.NONE : Failure.BASE64, raw));
    }

    private static String clip(String message) {
        return message.length() <= MAX_HEADER_MESSAGE_CHARS ? message : message.substring(0, MAX_HEADER_MESSAGE_CHARS - 3) + "...";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
