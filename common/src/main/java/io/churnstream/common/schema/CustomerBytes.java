package io.churnstream.common.schema;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerFields.Field;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.DecimalText;
import io.churnstream.common.record.EventTime;

/**
 * Reads a customer event straight from its UTF-8 bytes, without a JSON parser, in the form the producer writes it:
 * one flat object of the contract's fields, ASCII strings without escapes, numbers of at most 15 digits without an
 * exponent. It applies the same {@link CustomerRules} as {@link CustomerReader}'s streaming pass and gives the same
 * customer; anything else (an escape, a byte outside ASCII, an unknown or repeated key, another form of number, a
 * value on a bound, a syntax error) gives {@code null}, and the caller takes the streaming pass. Thread-safe.
 */
final class CustomerBytes {

    /** 10^0..10^15, each exact as a double, so that {@code digits / 10^k} is correctly rounded (Clinger's fast path). */
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15};
    private static final int MAX_NUMBER_DIGITS = 15;
    private static final int MAX_INTEGER_DIGITS = 9;
    private static final int ID_LENGTH = 10;
    /** What a value reader returns when not sure; null is a value (unknown). */
    private static final Object NOT_SURE = new Object();

    private final CustomerRules rules;
    private final Field[] fields;
    private final byte[][] names;
    private final byte[][][] strings;

    CustomerBytes(CustomerRules rules) {
        this.rules = rules;
        List<Field> all = rules.fields().all();
        this.fields = all.toArray(Field[]::new);
        this.names = new byte[fields.length][];
        this.strings = new byte[fields.length][][];
        for (Field f : fields) {
            names[f.index()] = f.name().getBytes(StandardCharsets.US_ASCII);
            String[] allowed = rules.usable() ? rules.strings(f.index()) : null;
            if (allowed != null) {
                strings[f.index()] = new byte[allowed.length][];
                for (int i = 0; i < allowed.length; i++) {
                    strings[f.index()][i] = allowed[i].getBytes(StandardCharsets.UTF_8);
                }
            }
        }
    }

    /** The customer in {@code utf8}, or {@code null} when this reader is not sure of it. */
    CustomerRecord read(byte[] utf8) {
        if (!rules.usable()) {
            return null;
        }
        return new Pass(utf8).object();
    }

    /** One read of one event: a cursor over its bytes and the values found so far, in the table's order. */
    private final class Pass {
        private final byte[] b;
        private final Object[] values = new Object[fields.length];
        private int pos;
        private long seen;

        Pass(byte[] b) {
            this.b = b;
        }

        CustomerRecord object() {
            if (!expect('{')) {
                return null;
            }
            while (true) {
                if (!expect('"') || !member()) {
                    return null;
                }
                spaces();
                byte next = pos < b.length ? b[pos++] : 0;
                if (next == '}') {
                    break;
                }
                if (next != ',') {
                    return null;
                }
            }
            if ((seen & rules.requiredMask()) != rules.requiredMask()) {
                return null;
            }
            spaces();
            return pos == b.length ? CustomerRecord.of(rules.fields(), values) : null;
        }

        /** A key, its colon and its value, the opening quote of the key consumed; false when not sure. */
        private boolean member() {
            int start = pos;
            int end = stringEnd();
            if (end < 0) {
                return false;
            }
            Field f = field(start, end - start);
            pos = end + 1;
            if (f == null || (seen & 1L << f.index()) != 0 || !expect(':')) {
                return false;
            }
            seen |= 1L << f.index();
            spaces();
            if (pos >= b.length) {
                return false;
            }
            byte c = b[pos];
            if (c == 'n') {
                return literalNull() && rules.nullable(f.index());
            }
            Object value = c == '"' ? string(f) : number(f);
            if (value == NOT_SURE) {
                return false;
            }
            values[f.index()] = value;
            return true;
        }

        private Field field(int start, int length) {
            for (int i = 0; i < names.length; i++) {
                if (equal(names[i], start, length)) {
                    return fields[i];
                }
            }
            return null;
        }

        private Object string(Field f) {
            int start = ++pos;
            int end = stringEnd();
            if (end < 0) {
                return NOT_SURE;
            }
            pos = end + 1;
            int length = end - start;
            int field = f.index();
            return switch (f.kind()) {
                case ID -> customerId(start, length);
                case TEXT -> oneOf(field, start, length);
                case NUMBER -> numberText(field, ascii(start, length));
                case DATE_TIME -> dateTime(ascii(start, length));
                case INTEGER -> NOT_SURE;
            };
        }

        /** The index of the closing quote of a string of printable ASCII without escapes, or -1. */
        private int stringEnd() {
            for (int i = pos; i < b.length; i++) {
                byte c = b[i];
                if (c == '"') {
                    return i;
                }
                if (c == '\\' || c < 0x20 || c == 0x7f) {
                    return -1;
                }
            }
            return -1;
        }

        /** The allowed constant itself, as the streaming pass returns it. */
        private Object oneOf(int field, int start, int length) {
            byte[][] allowed = strings[field];
            if (allowed == null) {
                return NOT_SURE;
            }
            for (int i = 0; i < allowed.length; i++) {
                if (equal(allowed[i], start, length)) {
                    return rules.strings(field)[i];
                }
            }
            return NOT_SURE;
        }

        /** {@code NNNN-AAAAA}: exactly {@link CustomerRules#ID_PATTERN}. */
        private Object customerId(int start, int length) {
            if (length != ID_LENGTH) {
                return NOT_SURE;
            }
            for (int i = 0; i < ID_LENGTH; i++) {
                byte c = b[start + i];
                boolean ok = i < 4 ? c >= '0' && c <= '9' : i == 4 ? c == '-' : c >= 'A' && c <= 'Z';
                if (!ok) {
                    return NOT_SURE;
                }
            }
            return ascii(start, length);
        }

        /** A number written as a string, as {@link CustomerReader} reads one: blank is unknown. */
        private Object numberText(int field, String text) {
            Pattern allowed = rules.numberText(field);
            if (allowed == null || !allowed.matcher(text).find()) {
                return NOT_SURE;
            }
            return DecimalText.parse(text);
        }

        private Object dateTime(String text) {
            return EventTime.plainUtcMillis(text) != EventTime.NOT_PLAIN ? text : NOT_SURE;
        }

        /**
         * {@code -?(0|[1-9][0-9]*)(.[0-9]+)?} with at most 15 digits in all, followed by a delimiter: an Integer for
         * an integer field (no fraction, at most 9 digits), a Double for a number field; {@link #NOT_SURE} otherwise.
         */
        private Object number(Field f) {
            boolean negative = b[pos] == '-';
            if (negative) {
                pos++;
            }
            long digits = 0;
            int count = 0;
            int fraction = 0;
            int start = pos;
            while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
                digits = digits * 10 + (b[pos++] - '0');
                count++;
                if (count > MAX_NUMBER_DIGITS) {
                    return NOT_SURE;
                }
            }
            if (count == 0 || (b[start] == '0' && count > 1)) {
                return NOT_SURE;
            }
            if (pos < b.length && b[pos] == '.') {
                if (f.kind() != CustomerFields.Kind.NUMBER) {
                    return NOT_SURE;
                }
                pos++;
                while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
                    digits = digits * 10 + (b[pos++] - '0');
                    fraction++;
                    if (count + fraction > MAX_NUMBER_DIGITS) {
                        return NOT_SURE;
                    }
                }
                if (fraction == 0) {
                    return NOT_SURE;
                }
            }
            if (pos >= b.length || !delimiter(b[pos]) || (negative && digits == 0)) {
                return NOT_SURE;
            }
            int field = f.index();
            if (f.kind() == CustomerFields.Kind.INTEGER) {
                if (count > MAX_INTEGER_DIGITS) {
                    return NOT_SURE;
                }
                int v = (int) (negative ? -digits : digits);
                return rules.allows(field, v) ? v : NOT_SURE;
            }
            if (f.kind() != CustomerFields.Kind.NUMBER) {
                return NOT_SURE;
            }
            double v = digits / POWERS_OF_TEN[fraction];
            if (negative) {
                v = -v;
            }
            return rules.inside(field, v) ? v : NOT_SURE;
        }

        private boolean literalNull() {
            if (pos + 4 > b.length || b[pos + 1] != 'u' || b[pos + 2] != 'l' || b[pos + 3] != 'l') {
                return false;
            }
            pos += 4;
            return pos < b.length && delimiter(b[pos]);
        }

        /** Skips JSON whitespace, then consumes {@code c}; false when the next byte is not it. */
        private boolean expect(char c) {
            spaces();
            if (pos < b.length && b[pos] == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void spaces() {
            while (pos < b.length && space(b[pos])) {
                pos++;
            }
        }

        private boolean equal(byte[] expected, int start, int length) {
            if (expected.length != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (expected[i] != b[start + i]) {
                    return false;
                }
            }
            return true;
        }

        private String ascii(int start, int length) {
            return new String(b, start, length, StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean delimiter(byte c) {
        return c == ',' || c == '}' || space(c);
    }

    private static boolean space(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
