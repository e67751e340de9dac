package io.churnstream.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.ErrorType;

/** Every kind of bad input the consumer must dead-letter instead of crashing, with the error type it must get. */
public final class PoisonPills {

    /** One bad value; {@code value} null is a tombstone. */
    public record Pill(String name, byte[] value, ErrorType expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private PoisonPills() {
    }

    public static List<Pill> all() {
        byte[] valid = Json.write(TestCustomers.fiberMonthToMonth("1234-ABCDE"));
        return List.of(
                new Pill("not JSON", utf8("hello, churn"), ErrorType.PARSE_ERROR),
                new Pill("truncated JSON", Arrays.copyOf(valid, valid.length / 2), ErrorType.PARSE_ERROR),
                new Pill("empty value", new byte[0], ErrorType.PARSE_ERROR),
                new Pill("null value (tombstone)", null, ErrorType.PARSE_ERROR),
                new Pill("invalid UTF-8", new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        ErrorType.PARSE_ERROR),
                new Pill("JSON array", utf8("[" + new String(valid, StandardCharsets.UTF_8) + "]"), ErrorType.PARSE_ERROR),
                new Pill("JSON number", utf8("42"), ErrorType.PARSE_ERROR),
                new Pill("duplicate keys", utf8("{\"customerID\":\"1234-ABCDE\",\"customerID\":\"9999-ZZZZZ\"}"),
                        ErrorType.PARSE_ERROR),
                new Pill("missing fields", utf8("{\"customerID\":\"1234-ABCDE\",\"gender\":\"Female\"}"),
                        ErrorType.VALIDATION_ERROR),
                new Pill("wrong types", with(valid, "tenure", "five"), ErrorType.VALIDATION_ERROR),
                new Pill("value outside the allowed set", with(valid, "Contract", "Weekly"), ErrorType.VALIDATION_ERROR),
                new Pill("value out of range", with(valid, "tenure", -3), ErrorType.VALIDATION_ERROR),
                new Pill("malformed customerID", with(valid, "customerID", "not-an-id"), ErrorType.VALIDATION_ERROR),
                new Pill("TotalCharges text that is no number", with(valid, "TotalCharges", "abc"), ErrorType.VALIDATION_ERROR),
                new Pill("TotalCharges text with trailing garbage", with(valid, "TotalCharges", "1e5x"),
                        ErrorType.VALIDATION_ERROR),
                new Pill("number beyond a double", withRaw(valid, "Partner", "1e400"), ErrorType.VALIDATION_ERROR),
                new Pill("bound exceeded past double precision", withRaw(valid, "MonthlyCharges", "200.0000000000000001"),
                        ErrorType.VALIDATION_ERROR),
                new Pill("field repeated after a whole record",
                        utf8(new String(valid, 0, valid.length - 1, StandardCharsets.UTF_8) + ",\"tenure\":5}"),
                        ErrorType.PARSE_ERROR),
                new Pill("1 MB value", oneMegabyte(valid), ErrorType.PARSE_ERROR));
    }

    private static byte[] with(byte[] json, String field, Object value) {
        try {
            ObjectNode node = (ObjectNode) Json.parse(json);
            node.set(field, Json.toTree(value));
            return Json.write(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code json} with {@code field} set to a literal written as is, so no serialiser rounds it first. */
    private static byte[] withRaw(byte[] json, String field, String literal) {
        String placeholder = "\"@raw@\"";
        return utf8(new String(with(json, field, "@raw@"), StandardCharsets.UTF_8).replace(placeholder, literal));
    }

    /** A valid customer padded with an extra field to 1,000,000 bytes. */
    private static byte[] oneMegabyte(byte[] valid) {
        String padding = "x".repeat(1_000_000 - valid.length - ",\"padding\":\"\"".length());
        String json = new String(valid, 0, valid.length - 1, StandardCharsets.UTF_8) + ",\"padding\":\"" + padding + "\"}";
        return utf8(json);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
