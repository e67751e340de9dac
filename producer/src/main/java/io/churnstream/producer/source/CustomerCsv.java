package io.churnstream.producer.source;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import com.opencsv.RFC4180Parser;
import com.opencsv.RFC4180ParserBuilder;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.DecimalText;

/**
 * The Telco dataset's CSV row format: parsing one line into a record and formatting a record back. Quoting follows
 * RFC 4180 (a field may be quoted; {@code ""} inside quotes is one quote). One instance per reader: not thread-safe.
 */
public final class CustomerCsv {

    public static final String HEADER = String.join(",", CustomerRecord.CSV_COLUMNS);
    private static final int COLUMNS = CustomerRecord.CSV_COLUMNS.size();

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15};

    private static final int KNOWN_SLOTS = 32;
    /** Columns with a few distinct values: all but customerID, the four numbers and TotalCharges' blank-or-number. */
    private static final boolean[] KNOWN_VALUE_COLUMNS = new boolean[COLUMNS];

    static {
        Arrays.fill(KNOWN_VALUE_COLUMNS, true);
        for (int numeric : new int[]{0, 2, 5, 18, 19}) {
            KNOWN_VALUE_COLUMNS[numeric] = false;
        }
    }

    private final String[] fields = new String[COLUMNS];
    private final String[][] knownValues = new String[COLUMNS][KNOWN_SLOTS];
    private final RFC4180Parser quotedParser = new RFC4180ParserBuilder().build();

    /** A row that cannot become a record; the message names the column and the problem. */
    public static final class RowException extends Exception {
        RowException(String message) {
            super(message);
        }
    }

    /** Whether {@code line} is the dataset's header (a UTF-8 BOM and surrounding blanks are tolerated). */
    public static boolean isHeader(String line) {
        String l = line.startsWith("\uFEFF") ? line.substring(1) : line;
        return l.strip().replace("\"", "").equals(HEADER);
    }

    public CustomerRecord parse(String line) throws RowException {
        int count = split(line);
        if (count != COLUMNS) {
            throw new RowException("expected " + COLUMNS + " columns, got " + count);
        }
        String[] f = fields;
        return new CustomerRecord(f[0].strip(), f[1], integer(f, 2), f[3], f[4], integer(f, 5), f[6], f[7], f[8], f[9],
                f[10], f[11], f[12], f[13], f[14], f[15], f[16], f[17], number(f, 18), number(f, 19), blankToNull(f[20]),
                null);
    }

    /** One CSV line (no terminator) in the dataset's format: blank TotalCharges as " ", numbers as the dataset writes them. */
    public static String format(CustomerRecord r) {
        StringBuilder b = new StringBuilder(200);
        List<Object> values = List.of(r.customerId(), r.gender(), n(r.seniorCitizen()), r.partner(), r.dependents(),
                n(r.tenure()), r.phoneService(), r.multipleLines(), r.internetService(), r.onlineSecurity(),
                r.onlineBackup(), r.deviceProtection(), r.techSupport(), r.streamingTv(), r.streamingMovies(),
                r.contract(), r.paperlessBilling(), r.paymentMethod(), decimal(r.monthlyCharges()),
                DecimalText.format(r.totalCharges()), r.churn() == null ? "" : r.churn());
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            appendField(b, values.get(i).toString());
        }
        return b.toString();
    }

    /**
     * Splits {@code line} into {@link #fields} (the first {@value #COLUMNS}) and returns how many fields it has.
     * Lines without a quote, nearly all of them, are cut at the commas; quoted ones go to opencsv's RFC 4180 parser.
     */
    private int split(String line) throws RowException {
        if (line.indexOf('"') >= 0) {
            return splitQuoted(line);
        }
        int length = line.length();
        int count = 0;
        int i = 0;
        while (true) {
            int end = endOfField(line, i);
            if (count < COLUMNS) {
                fields[count] = field(line, count, i, end);
            }
            count++;
            if (end >= length) {
                return count;
            }
            i = end + 1;
        }
    }

    /**
     * The text of one field. The categorical columns take a handful of values, so the last one seen per length and
     * first letter is kept and handed out again when the line holds the same text: no allocation on most rows, and
     * the JSON writer recognises the very same instance.
     */
    private String field(String line, int column, int from, int to) {
        String[] known = KNOWN_VALUE_COLUMNS[column] ? knownValues[column] : null;
        if (known == null) {
            return line.substring(from, to);
        }
        int length = to - from;
        int slot = (length * 31 + (length == 0 ? 0 : line.charAt(from))) & (KNOWN_SLOTS - 1);
        String candidate = known[slot];
        if (candidate != null && candidate.length() == length && line.regionMatches(from, candidate, 0, length)) {
            return candidate;
        }
        String value = line.substring(from, to);
        known[slot] = value;
        return value;
    }

    private int splitQuoted(String line) throws RowException {
        if (line.chars().filter(c -> c == '"').count() % 2 != 0) {
            throw new RowException("bad quoting: a quoted field is not closed before the end of the line");
        }
        String[] parsed;
        try {
            parsed = quotedParser.parseLine(line);
        } catch (IOException e) {
            throw new RowException("bad quoting: " + e.getMessage());
        }
        System.arraycopy(parsed, 0, fields, 0, Math.min(COLUMNS, parsed.length));
        return parsed.length;
    }

    private static int endOfField(String line, int from) {
        int comma = line.indexOf(',', from);
        return comma < 0 ? line.length() : comma;
    }

    static String decimal(Double d) {
        return d == null ? "" : DecimalText.format(d);
    }

    private static Object n(Integer i) {
        return i == null ? "" : i;
    }

    private static void appendField(StringBuilder b, String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
            b.append(v);
        } else {
            b.append('"').append(v.replace("\"", "\"\"")).append('"');
        }
    }

    private static Integer integer(String[] f, int i) throws RowException {
        int plain = plainInteger(f[i]);
        if (plain >= 0) {
            return plain;
        }
        String v = f[i].strip();
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new RowException(CustomerRecord.CSV_COLUMNS.get(i) + ": not an integer: '" + f[i] + "'");
        }
    }

    private static Double number(String[] f, int i) throws RowException {
        double plain = plainDecimal(f[i]);
        if (!Double.isNaN(plain)) {
            return plain;
        }
        String v = f[i].strip();
        if (v.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new RowException(CustomerRecord.CSV_COLUMNS.get(i) + ": not a number: '" + f[i] + "'");
        }
    }

    /** The value of 1 to 9 ASCII digits, or -1 for any other text (which takes the general path). */
    static int plainInteger(String s) {
        int n = s.length();
        if (n == 0 || n > 9) {
            return -1;
        }
        int value = 0;
        for (int k = 0; k < n; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /**
     * The value of an unsigned decimal of at most 15 digits such as {@code 29.85}, or NaN for any other text (which
     * takes the general path). Exactly {@link Double#parseDouble}'s result: the digits and the power of ten are both
     * exact doubles, and one IEEE division rounds their quotient correctly.
     */
    static double plainDecimal(String s) {
        int n = s.length();
        if (n == 0 || n > 16) {
            return Double.NaN;
        }
        long digits = 0;
        int count = 0;
        int scale = -1;
        for (int k = 0; k < n; k++) {
            char c = s.charAt(k);
            if (c >= '0' && c <= '9') {
                digits = digits * 10 + (c - '0');
                count++;
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                return Double.NaN;
            }
        }
        if (count == 0 || count > 15) {
            return Double.NaN;
        }
        return scale <= 0 ? (double) digits : digits / POWERS_OF_TEN[scale];
    }

    private static String blankToNull(String v) {
        return v.isBlank() ? null : v.strip();
    }
}
