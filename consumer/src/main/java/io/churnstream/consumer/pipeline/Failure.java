package io.churnstream.consumer.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.churnstream.common.record.ErrorType;

/**
 * Why one input could not be scored, and what of it the dead letter keeps: the parsed JSON, the raw text, or base64
 * of bytes that are not UTF-8 ({@code encoding} says which); {@code truncatedFrom} is the input's size when only
 * its beginning is kept, else null.
 */
record Failure(ErrorType type, String message, List<String> validationErrors, JsonNode original, String encoding,
               byte[] raw, Integer truncatedFrom) {

    /** Bytes of an oversized input kept, undecoded beyond them, in its dead letter. */
    static final int UNREAD_PREFIX_BYTES = 1024;

    Failure(ErrorType type, String message, List<String> validationErrors, JsonNode original, String encoding,
            byte[] raw) {
        this(type, message, validationErrors, original, encoding, raw, null);
    }

    static final String JSON = "json";
    static final String TEXT = "text";
    static final String BASE64 = "base64";
    static final String NONE = "null";

    static Failure tombstone() {
        return new Failure(ErrorType.PARSE_ERROR, "value is null (tombstone)", List.of(), NullNode.getInstance(), NONE, null);
    }

    static Failure parse(String message, byte[] raw, String text) {
        return new Failure(ErrorType.PARSE_ERROR, message, List.of(), TextNode.valueOf(text), TEXT, raw);
    }

    /** An input too big to read: only its first bytes are looked at, as text, for the dead letter. */
    static Failure unread(String message, byte[] raw) {
        String prefix = new String(raw, 0, Math.min(raw.length, UNREAD_PREFIX_BYTES), StandardCharsets.UTF_8);
        return new Failure(ErrorType.PARSE_ERROR, message, List.of(), TextNode.valueOf(prefix), TEXT, raw, raw.length);
    }

    static Failure notUtf8(byte[] raw) {
        return new Failure(ErrorType.PARSE_ERROR, "value is not valid UTF-8", List.of(),
                TextNode.valueOf(java.util.Base64.getEncoder().encodeToString(raw)), BASE64, raw);
    }

    static Failure of(ErrorType type, String message, List<String> validationErrors, JsonNode parsed, byte[] raw) {
        return new Failure(type, message, validationErrors, parsed, JSON, raw);
    }
}
