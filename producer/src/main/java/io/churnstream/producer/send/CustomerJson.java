package io.churnstream.producer.send;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.DecimalText;

/**
 * A customer's JSON value, byte for byte what {@code Json.writerFor(CustomerRecord.class)} writes (same field order,
 * nulls left out but an unknown TotalCharges written as null, Jackson's escapes and number formats), written straight
 * into a reused buffer; in the {@linkplain WireFormat#LEGACY legacy} format TotalCharges is a decimal string instead.
 * The batch path pays this a million times, so there is no reflection, and the few values each categorical column
 * takes are escaped once and then copied. {@code CustomerJsonTest} holds it to Jackson's output. Not thread-safe: one
 * per sending thread.
 */
public final class CustomerJson {

    private static final String[] NAMES = {"customerID", "gender", "SeniorCitizen", "Partner", "Dependents", "tenure",
        "PhoneService", "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection",
        "TechSupport", "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod",
        "MonthlyCharges", "TotalCharges", "Churn", "event_ts"};
    private static final byte[][] FIELD_PREFIXES = new byte[NAMES.length][];
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final int CACHE_SLOTS = 64;

    static {
        for (int i = 0; i < NAMES.length; i++) {
            FIELD_PREFIXES[i] = ("\"" + NAMES[i] + "\":").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final int TOTAL_CHARGES = 19;
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final WireFormat format;
    private final String[][] cachedValues = new String[NAMES.length][CACHE_SLOTS];
    /** For each remembered value, its whole field as written after another one: {@code ,"name":"value"}. */
    private final byte[][][] cachedFragments = new byte[NAMES.length][CACHE_SLOTS][];
    private byte[] buf = new byte[1024];
    private int pos;
    private boolean first;

    public CustomerJson(WireFormat format) {
        this.format = format;
    }

    /** The record key: the customer id in UTF-8. */
    public static byte[] key(CustomerRecord r) {
        return r.customerId().getBytes(StandardCharsets.UTF_8);
    }

    /** The UTF-8 JSON of {@code r}. */
    public byte[] write(CustomerRecord r) {
        pos = 0;
        first = true;
        raw((byte) '{');
        string(0, r.customerId(), false);
        string(1, r.gender(), true);
        number(2, r.seniorCitizen());
        string(3, r.partner(), true);
        string(4, r.dependents(), true);
        number(5, r.tenure());
        string(6, r.phoneService(), true);
        string(7, r.multipleLines(), true);
        string(8, r.internetService(), true);
        string(9, r.onlineSecurity(), true);
        string(10, r.onlineBackup(), true);
        string(11, r.deviceProtection(), true);
        string(12, r.techSupport(), true);
        string(13, r.streamingTv(), true);
        string(14, r.streamingMovies(), true);
        string(15, r.contract(), true);
        string(16, r.paperlessBilling(), true);
        string(17, r.paymentMethod(), true);
        number(18, r.monthlyCharges());
        totalCharges(r.totalCharges());
        string(20, r.churn(), true);
        string(21, r.eventTs(), true);
        raw((byte) '}');
        return Arrays.copyOf(buf, pos);
    }

    /**
     * Writes a string field; {@code cache} for columns with a handful of distinct values (one remembered per length
     * and first letter), and for event_ts, which stays the same string for every row sent within a millisecond.
     */
    private void string(int field, String value, boolean cache) {
        if (value == null) {
            return;
        }
        if (!cache) {
            name(field);
            quoted(value);
            return;
        }
        int length = value.length();
        int slot = length == 0 ? 0 : (length * 31 + value.charAt(0)) & (CACHE_SLOTS - 1);
        String known = cachedValues[field][slot];
        if (known != value && (known == null || !known.equals(value))) {
            int start = pos;
            raw((byte) ',');
            raw(FIELD_PREFIXES[field]);
            quoted(value);
            cachedValues[field][slot] = value;
            cachedFragments[field][slot] = Arrays.copyOfRange(buf, start, pos);
            pos = start;
        }
        byte[] fragment = cachedFragments[field][slot];
        int skipComma = first ? 1 : 0;
        first = false;
        ensure(fragment.length);
        System.arraycopy(fragment, skipComma, buf, pos, fragment.length - skipComma);
        pos += fragment.length - skipComma;
    }

    private void number(int field, Integer value) {
        if (value != null) {
            name(field);
            ascii(Integer.toString(value));
        }
    }

    private void number(int field, Double value) {
        if (value != null) {
            name(field);
            number(value);
        }
    }

    private void number(double d) {
        if (Double.isFinite(d)) {
            ascii(Double.toString(d));
        } else {
            quoted(Double.toString(d));
        }
    }

    private void totalCharges(Double value) {
        name(TOTAL_CHARGES);
        if (format == WireFormat.LEGACY) {
            quoted(DecimalText.format(value));
        } else if (value == null) {
            raw(NULL);
        } else {
            number(value);
        }
    }

    private void name(int field) {
        if (!first) {
            raw((byte) ',');
        }
        first = false;
        raw(FIELD_PREFIXES[field]);
    }

    private void quoted(String s) {
        ensure(s.length() * 6 + 2);
        byte[] b = buf;
        int p = pos;
        b[p++] = '"';
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                b[p++] = (byte) c;
            } else if (c < 0x80) {
                p = escape(b, p, c);
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                b[p++] = (byte) (0xE0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else {
                p = unicodeEscape(b, p, c);
            }
        }
        b[p++] = '"';
        pos = p;
    }

    /** Jackson's escapes: the short forms where JSON has them, else a unicode escape. */
    private static int escape(byte[] b, int p, char c) {
        b[p++] = '\\';
        switch (c) {
            case '"' -> b[p++] = '"';
            case '\\' -> b[p++] = '\\';
            case '\b' -> b[p++] = 'b';
            case '\t' -> b[p++] = 't';
            case '\n' -> b[p++] = 'n';
            case '\f' -> b[p++] = 'f';
            case '\r' -> b[p++] = 'r';
            default -> {
                return unicodeEscape(b, p - 1, c);
            }
        }
        return p;
    }

    /** {@code \}{@code uXXXX}: how Jackson writes control characters and, by default, each half of a surrogate pair. */
    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[c >> 12 & 0xF];
        b[p++] = HEX[c >> 8 & 0xF];
        b[p++] = HEX[c >> 4 & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void raw(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
