package io.churnstream.consumer.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.ErrorType;
import io.churnstream.common.schema.CustomerReader;
import io.churnstream.common.schema.MessageValidator;

/**
 * bytes -> strict UTF-8 -> one JSON object -> customer schema -> {@link CustomerRecord}. Never throws: anything else
 * becomes a {@link Failure} saying what was wrong. A well-formed event takes {@link CustomerReader}'s single pass;
 * whatever that one is not sure of goes through the parsed tree and the full JSON Schema validator. Thread-safe.
 */
final class RecordDecoder {

    /** Either a valid customer or the reason there is none; {@code tree} is null when the single pass read it. */
    record Decoded(CustomerRecord record, JsonNode tree, Failure failure) {

        /** The event as JSON, for a dead letter of a customer that was valid but could not be scored. */
        JsonNode original(byte[] value) {
            if (tree != null) {
                return tree;
            }
            try {
                return Json.parseExact(value);
            } catch (IOException e) {
                throw new UncheckedIOException("a validated customer no longer parses", e);
            }
        }
    }

    private final int maxRecordBytes;
    private final MessageValidator validator = MessageValidator.customer();
    private final CustomerReader reader = CustomerReader.customer();

    RecordDecoder(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    Decoded decode(byte[] value) {
        if (value == null) {
            return failed(Failure.tombstone());
        }
        if (value.length > maxRecordBytes) {
            return failed(Failure.unread("value is " + value.length + " bytes, over the " + maxRecordBytes
                    + "-byte limit for a customer event (--max-record-bytes); dead-lettered unread", value));
        }
        CustomerRecord customer = reader.readIfValid(value);
        if (customer != null) {
            return new Decoded(customer, null, null);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return failed(Failure.notUtf8(value));
        }
        if (text.isBlank()) {
            return failed(Failure.parse(value.length == 0 ? "value is empty" : "value is blank", value, text));
        }
        JsonNode tree;
        try {
            tree = Json.parseExact(value);
        } catch (JsonProcessingException e) {
            return failed(Failure.parse("not valid JSON: " + firstLine(e.getOriginalMessage()), value, text));
        } catch (IOException e) {
            return failed(Failure.parse("not valid JSON: " + firstLine(e.getMessage()), value, text));
        }
        if (!tree.isObject()) {
            return failed(Failure.of(ErrorType.PARSE_ERROR, "expected a JSON object, got " + Json.typeName(tree) + " "
                    + shown(tree), List.of(), tree, value));
        }
        List<String> errors = validator.validate(tree);
        if (!errors.isEmpty()) {
            String summary = errors.size() == 1 ? errors.get(0) : errors.size() + " validation errors: " + errors.get(0) + ", ...";
            return failed(Failure.of(ErrorType.VALIDATION_ERROR, summary, errors, tree, value));
        }
        try {
            return new Decoded(Json.treeToValue(tree, CustomerRecord.class), tree, null);
        } catch (IOException e) {
            return failed(Failure.of(ErrorType.VALIDATION_ERROR, "cannot map to a customer: " + firstLine(e.getMessage()),
                    List.of(), tree, value));
        }
    }

    private static Decoded failed(Failure failure) {
        return new Decoded(null, null, failure);
    }

    private static String shown(JsonNode node) {
        String text = node.toString();
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
