package io.churnstream.producer.send;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerFields.Field;
import io.churnstream.common.schema.CustomerSchema;

/**
 * The batch path's shortcut from a CSV line's bytes straight to the record's key and JSON value, with no Strings and
 * no record in between, for the plain lines that real files are made of: printable ASCII without quotes or
 * backslashes, nothing a parser would strip, integers and decimals as the dataset writes them (no sign, exponent or
 * leading zero, at most 15 digits, below 10^7). It declines every other line and the caller takes the library path,
 * {@code CustomerCsv.parse} then {@link CustomerJson}, whose bytes this matches exactly; {@code CsvJsonFastPathTest}
 * holds the two to each other. Not thread-safe: one per encoding thread.
 * Against parsing into a record and {@link CustomerJson}, producer.jar batch of 1M generated rows, CPU time of the
 * process (user+sys) in alternating runs: 7.2 to 9.4 s against 11.6 to 13.7 s.
 */
final class CsvJsonFastPath {

    /** A decimal of at most this many significant digits is the shortest text of its double, so Java prints it back as is. */
    private static final int MAX_SIGNIFICANT_DIGITS = 15;
    /** Java prints a double below 10^7 (and from 10^-3 on) without an exponent. */
    private static final int MAX_INTEGER_DIGITS = 7;
    private static final int MAX_INT_DIGITS = 9;
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BLANK_TEXT = "\" \"".getBytes(StandardCharsets.US_ASCII);

    private final Field[] fields;
    private final byte[][] prefixes;
    private final boolean[] optional;
    /** Per number field, whether it goes out as decimal text (the legacy format). */
    private final boolean[] asText;
    private final int keyField = CustomerFields.CUSTOMER_ID.index();
    private final int eventTsField = CustomerFields.EVENT_TS.index();
    /** Room for everything but the line's own bytes: per field its name, a comma, quotes or a longer form of a number. */
    private final int room;
    private byte[] buf = new byte[1024];
    private int pos;
    private boolean first;
    private String eventTs;
    private byte[] eventTsBytes;

    CsvJsonFastPath(CustomerSchema schema, WireFormat format) {
        fields = schema.fields().all().toArray(Field[]::new);
        prefixes = new byte[fields.length][];
        optional = new boolean[fields.length];
        asText = new boolean[fields.length];
        for (Field f : fields) {
            prefixes[f.index()] = ("\"" + f.name() + "\":").getBytes(StandardCharsets.UTF_8);
            optional[f.index()] = schema.optional(f);
            asText[f.index()] = format == WireFormat.LEGACY && schema.numberAsText(f);
        }
        room = Arrays.stream(prefixes).mapToInt(p -> p.length + NULL.length + 2).sum() + 2;
    }

    /** Row {@code index}, the CSV {@code line} stamped with {@code eventTs}, encoded; null when the line is not plain. */
    EncodedRow encode(long index, byte[] line, String eventTs) {
        if (!eventTs(eventTs)) {
            return null;
        }
        pos = 0;
        first = true;
        if (line.length + room + eventTsBytes.length > buf.length) {
            buf = new byte[line.length + room + eventTsBytes.length];
        }
        buf[pos++] = '{';
        byte[] key = null;
        int n = line.length;
        int at = 0;
        for (Field f : fields) {
            int i = f.index();
            int from = at;
            int to = -1;
            if (f.inCsv()) {
                if (at > n) {
                    return null;
                }
                to = endOfPlainField(line, at);
                if (to < 0) {
                    return null;
                }
                at = to + 1;
            }
            if (i == eventTsField) {
                name(i);
                put(eventTsBytes);
            } else if (!f.inCsv()) {
                if (f.kind() == CustomerFields.Kind.NUMBER) {
                    name(i);
                    put(asText[i] ? BLANK_TEXT : NULL);
                }
            } else if (!field(f, line, from, to)) {
                return null;
            } else if (i == keyField) {
                key = Arrays.copyOfRange(line, from, to);
            }
        }
        if (at <= n || key == null) {
            return null;
        }
        buf[pos++] = '}';
        return new EncodedRow(index, key, Arrays.copyOf(buf, pos));
    }

    /** Writes one CSV field's JSON, as the library path would: false when it is not plain. */
    private boolean field(Field f, byte[] line, int from, int to) {
        int i = f.index();
        boolean blank = blank(line, from, to);
        if (f.kind() == CustomerFields.Kind.NUMBER) {
            name(i);
            if (blank) {
                put(asText[i] ? BLANK_TEXT : NULL);
                return true;
            }
            return decimal(line, from, to, asText[i]);
        }
        if (blank && optional[i]) {
            return true;
        }
        boolean verbatim = f.kind() == CustomerFields.Kind.TEXT && !optional[i];
        if (!verbatim && (from == to || line[from] == ' ' || line[to - 1] == ' ')) {
            return false;
        }
        if (f.kind() == CustomerFields.Kind.INTEGER) {
            if (!plainInteger(line, from, to)) {
                return false;
            }
            name(i);
            put(line, from, to);
            return true;
        }
        name(i);
        buf[pos++] = '"';
        put(line, from, to);
        buf[pos++] = '"';
        return true;
    }

    /**
     * Writes a plain decimal as {@code Double.toString} writes its value ({@code 29.85}, {@code 20.0}), or in the legacy
     * text form ({@code "29.85"}, {@code "20"}); false for any other text, which the library path handles.
     */
    private boolean decimal(byte[] s, int from, int to, boolean text) {
        int dot = -1;
        for (int k = from; k < to; k++) {
            byte c = s[k];
            if (c == '.' && dot < 0) {
                dot = k;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        int integerEnd = dot < 0 ? to : dot;
        int integerDigits = integerEnd - from;
        if (integerDigits < 1 || integerDigits > MAX_INTEGER_DIGITS || s[from] == '0' && integerDigits > 1) {
            return false;
        }
        int fractionEnd = to;
        while (fractionEnd > integerEnd + 1 && s[fractionEnd - 1] == '0') {
            fractionEnd--;
        }
        int fractionDigits = dot < 0 ? 0 : fractionEnd - dot - 1;
        boolean zeroInteger = s[from] == '0';
        if (zeroInteger && fractionDigits > 0 && s[dot + 1] == '0') {
            return false;
        }
        if ((zeroInteger ? 0 : integerDigits) + fractionDigits > MAX_SIGNIFICANT_DIGITS) {
            return false;
        }
        if (text) {
            buf[pos++] = '"';
        }
        put(s, from, integerEnd);
        if (fractionDigits > 0) {
            put(s, dot, fractionEnd);
        } else if (!text) {
            buf[pos++] = '.';
            buf[pos++] = '0';
        }
        if (text) {
            buf[pos++] = '"';
        }
        return true;
    }

    /** 1 to 9 digits without a leading zero: the text Java prints for the integer's value. */
    private static boolean plainInteger(byte[] s, int from, int to) {
        int n = to - from;
        if (n > MAX_INT_DIGITS || s[from] == '0' && n > 1) {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (s[k] < '0' || s[k] > '9') {
                return false;
            }
        }
        return true;
    }

    /** The end (the comma, or the line's end) of the field from {@code at}; -1 when a byte in it is not plain. */
    private static int endOfPlainField(byte[] line, int at) {
        for (int k = at; k < line.length; k++) {
            byte c = line[k];
            if (c == ',') {
                return k;
            }
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return -1;
            }
        }
        return line.length;
    }

    private static boolean blank(byte[] s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (s[k] != ' ') {
                return false;
            }
        }
        return true;
    }

    /** Takes a new event time as its quoted JSON text; false if it would need escaping (never for an RFC 3339 instant). */
    private boolean eventTs(String ts) {
        if (ts == eventTs) {
            return true;
        }
        byte[] bytes = ('"' + ts + '"').getBytes(StandardCharsets.UTF_8);
        for (int k = 1; k < bytes.length - 1; k++) {
            if (bytes[k] < 0x20 || bytes[k] > 0x7E || bytes[k] == '"' || bytes[k] == '\\') {
                return false;
            }
        }
        eventTs = ts;
        eventTsBytes = bytes;
        return true;
    }

    private void name(int field) {
        if (!first) {
            buf[pos++] = ',';
        }
        first = false;
        put(prefixes[field]);
    }

    private void put(byte[] bytes) {
        put(bytes, 0, bytes.length);
    }

    private void put(byte[] bytes, int from, int to) {
        System.arraycopy(bytes, from, buf, pos, to - from);
        pos += to - from;
    }
}
