package io.churnstream.common.schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerFields.Field;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.DecimalText;
import io.churnstream.common.record.EventTime;

/**
 * Reads a customer event in one streaming pass, without a tree, and returns it only when it certainly satisfies
 * {@code customer.schema.json}, whose sets, bounds and required fields it reads from the schema itself
 * ({@link CustomerRules}), including a number written as a string where the schema allows one ({@code
 * "29.85"}, or blank for unknown). Anything it is not sure of gives {@code null}: bytes outside ASCII, a missing or null
 * required field, a number on or past a bound, an integer written with a fraction, a date-time in any form but
 * {@code YYYY-MM-DDThh:mm:ss[.fraction]Z}, a syntax error. The caller then runs {@link MessageValidator}, which
 * decides and says what is wrong. The event as the producer writes it is read from its bytes ({@link CustomerBytes});
 * the streaming parser reads what that one is not sure of. Thread-safe.
 */
public final class CustomerReader {

    private static final CustomerReader CUSTOMER = new CustomerReader(CustomerSchema.bundled().rules());

    /**
     * The project's parser settings, less duplicate detection ({@link Fields} does that for far less), with the
     * faster, equally exact decimal parser.
     */
    private static final JsonFactory PARSERS = Json.mapper().getFactory().rebuild()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private final CustomerRules rules;
    private final CustomerBytes bytes;

    private CustomerReader(CustomerRules rules) {
        this.rules = rules;
        this.bytes = new CustomerBytes(rules);
    }

    /** The reader of the bundled customer schema. */
    public static CustomerReader customer() {
        return CUSTOMER;
    }

    static CustomerReader of(JsonNode schema) {
        return of(CustomerSchema.of(CustomerFields.TELCO, schema));
    }

    /** The reader of another contract: a field table and the customer schema that goes with it. */
    public static CustomerReader of(CustomerSchema schema) {
        return new CustomerReader(schema.rules());
    }

    /** Whether the schema is one this reader can apply; when it is not, every event is left to the validator. */
    public boolean usable() {
        return rules.usable();
    }

    /** The customer in {@code utf8}, or {@code null} when the full validator has to decide. */
    public CustomerRecord readIfValid(byte[] utf8) {
        CustomerRecord customer = bytes.read(utf8);
        return customer != null ? customer : parse(utf8);
    }

    /** {@link #readIfValid} by the streaming parser alone, which reads what {@link CustomerBytes} is not sure of. */
    CustomerRecord parse(byte[] utf8) {
        if (!rules.usable()) {
            return null;
        }
        for (byte b : utf8) {
            if (b < 0) {
                return null;
            }
        }
        try (JsonParser p = PARSERS.createParser(utf8)) {
            return read(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private CustomerRecord read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Fields f = new Fields();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (!f.read(name, value, p)) {
                return null;
            }
        }
        long required = rules.requiredMask();
        if ((f.seen & required) != required || p.nextToken() != null) {
            return null;
        }
        return f.record();
    }

    /** The values read so far, in the table's order; {@code seen} has one bit per field. */
    private final class Fields {
        final Object[] values = new Object[rules.fields().size()];
        long seen;
        List<String> otherNames;

        /** Stores one field; false when it is a duplicate or not certainly valid. */
        boolean read(String name, JsonToken t, JsonParser p) throws IOException {
            Field f = rules.fields().find(name);
            if (f == null) {
                p.skipChildren();
                return firstOther(name);
            }
            int field = f.index();
            long mask = 1L << field;
            if ((seen & mask) != 0) {
                return false;
            }
            seen |= mask;
            if (t == JsonToken.VALUE_NULL) {
                return rules.nullable(field);
            }
            if (t == JsonToken.VALUE_STRING && f.kind() == CustomerFields.Kind.NUMBER) {
                return numberText(p, field);
            }
            values[field] = switch (f.kind()) {
                case ID -> customerId(t, p);
                case TEXT -> oneOf(t, p, rules.strings(field));
                case INTEGER -> integer(t, p, field);
                case NUMBER -> number(t, p, field);
                case DATE_TIME -> dateTime(t, p);
            };
            return values[field] != null;
        }

        /** A number written as a string, as the earlier producer writes one: blank is unknown, like null. */
        private boolean numberText(JsonParser p, int field) throws IOException {
            Pattern allowed = rules.numberText(field);
            if (allowed == null) {
                return false;
            }
            String text = p.getText();
            if (!allowed.matcher(text).find()) {
                return false;
            }
            values[field] = DecimalText.parse(text);
            return true;
        }

        private boolean firstOther(String name) {
            if (otherNames == null) {
                otherNames = new ArrayList<>(2);
            } else if (otherNames.contains(name)) {
                return false;
            }
            return otherNames.add(name);
        }

        CustomerRecord record() {
            return CustomerRecord.of(rules.fields(), values);
        }
    }

    /** The allowed constant equal to the string token, without allocating; null if none is. */
    private static String oneOf(JsonToken t, JsonParser p, String[] allowed) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            return null;
        }
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        for (String candidate : allowed) {
            if (candidate.length() == length && regionEquals(candidate, chars, offset)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean regionEquals(String candidate, char[] chars, int offset) {
        for (int i = 0; i < candidate.length(); i++) {
            if (candidate.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private Integer integer(JsonToken t, JsonParser p, int field) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            return null;
        }
        int v = p.getIntValue();
        return rules.allows(field, v) ? v : null;
    }

    private Double number(JsonToken t, JsonParser p, int field) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            return null;
        }
        double v = p.getDoubleValue();
        return rules.inside(field, v) ? v : null;
    }

    /** {@code NNNN-AAAAA}: exactly {@link CustomerRules#ID_PATTERN}, ten characters. */
    private static String customerId(JsonToken t, JsonParser p) throws IOException {
        if (t != JsonToken.VALUE_STRING || p.getTextLength() != 10) {
            return null;
        }
        String id = p.getText();
        for (int i = 0; i < 10; i++) {
            char c = id.charAt(i);
            boolean ok = i < 4 ? c >= '0' && c <= '9' : i == 4 ? c == '-' : c >= 'A' && c <= 'Z';
            if (!ok) {
                return null;
            }
        }
        return id;
    }

    private static String dateTime(JsonToken t, JsonParser p) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            return null;
        }
        String s = p.getText();
        return EventTime.plainUtcMillis(s) != EventTime.NOT_PLAIN ? s : null;
    }
}
