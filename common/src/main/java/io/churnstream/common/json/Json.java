package io.churnstream.common.json;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The project's one configured Jackson mapper: strict on input, compact on output. */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(CustomerJackson.module())
            .build();

    private static final ObjectReader EXACT_TREES = MAPPER.reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(JsonNodeFactory.withExactBigDecimals(true));

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses UTF-8 JSON bytes into a tree; throws {@link IOException} on anything that is not one JSON value. */
    public static JsonNode parse(byte[] utf8) throws IOException {
        return MAPPER.readTree(utf8);
    }

    /**
     * Like {@link #parse}, with every number kept as written ({@code 1e400} is not infinity, {@code 200.0000000000000001}
     * is not 200): the form to check against a schema's bounds and enums.
     */
    public static JsonNode parseExact(byte[] utf8) throws IOException {
        return EXACT_TREES.readTree(utf8);
    }

    public static <T> T read(byte[] utf8, Class<T> type) throws IOException {
        return MAPPER.readValue(utf8, type);
    }

    public static <T> T treeToValue(JsonNode node, Class<T> type) throws IOException {
        return MAPPER.treeToValue(node, type);
    }

    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** The JSON Schema type of a value: null, string, integer, number, boolean, array or object. */
    public static String typeName(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "null";
        }
        if (node.isTextual()) {
            return "string";
        }
        if (node.isIntegralNumber()) {
            return "integer";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        return node.isArray() ? "array" : "object";
    }

    public static ObjectWriter writerFor(Class<?> type) {
        return MAPPER.writerFor(type);
    }
}
