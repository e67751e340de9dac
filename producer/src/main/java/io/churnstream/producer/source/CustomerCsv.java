package io.churnstream.producer.source;

import java.io.IOException;

import com.opencsv.RFC4180Parser;
import com.opencsv.RFC4180ParserBuilder;
import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerFields.Field;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.DecimalText;
import io.churnstream.common.schema.CustomerSchema;

/**
 * The Telco dataset's CSV row format: parsing one line into a record and formatting a record back, column by column
 * of the {@link CustomerFields} table. A blank in a column the schema lets be unknown (TotalCharges, Churn) is null.
 * Quoting follows RFC 4180 (a field may be quoted; {@code ""} inside quotes is one quote). One instance per reader:
 * not thread-safe.
 */
public final class CustomerCsv {

    public static final String HEADER = CustomerFields.TELCO.csvHeader();

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15};

    private static final int KNOWN_SLOTS = 32;

    private final CustomerFields table;
    private final Field[] columns;
    private final boolean[] blankIsUnknown;
    private final String[] fields;
    /** Per text column (the categories: a few distinct values), the last value seen per slot; null for others. */
    private final String[][] knownValues;
    private final RFC4180Parser quotedParser = new RFC4180ParserBuilder().build();

    /** The dataset's format, with the bundled customer schema. */
    public CustomerCsv() {
        this(CustomerSchema.bundled());
    }

    /** The CSV of {@code schema}'s field table. */
    public CustomerCsv(CustomerSchema schema) {
        this.table = schema.fields();
        this.columns = table.csvColumns().toArray(Field[]::new);
        this.fields = new String[columns.length];
        this.blankIsUnknown = new boolean[columns.length];
        this.knownValues = new String[columns.length][];
        for (int c = 0; c < columns.length; c++) {
            blankIsUnknown[c] = schema.optional(columns[c]);
            if (columns[c].kind() == CustomerFields.Kind.TEXT) {
                knownValues[c] = new String[KNOWN_SLOTS];
            }
        }
    }

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
        if (count != columns.length) {
            throw new RowException("expected " + columns.length + " columns, got " + count);
        }
        Object[] values = new Object[table.size()];
        for (int c = 0; c < columns.length; c++) {
            values[columns[c].index()] = value(c, fields[c]);
        }
        return CustomerRecord.of(table, values);
    }

    private Object value(int c, String text) throws RowException {
        if (blankIsUnknown[c] && text.isBlank()) {
            return null;
        }
        return switch (columns[c].kind()) {
            case INTEGER -> integer(text, columns[c]);
            case NUMBER -> number(text, columns[c]);
            case ID -> text.strip();
            case TEXT -> knownValues[c] == null || blankIsUnknown[c] ? text.strip() : text;
            case DATE_TIME -> text.strip();
        };
    }

    /** One CSV line (no terminator) in the dataset's format: a blank number as " ", numbers as the dataset writes them. */
    public static String format(CustomerRecord r) {
        StringBuilder b = new StringBuilder(200);
        boolean first = true;
        for (Field f : r.fields().csvColumns()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            Object value = r.get(f);
            String text = switch (f.kind()) {
                case NUMBER -> DecimalText.format((Double) value);
                default -> value == null ? "" : value.toString();
            };
            appendField(b, text);
        }
        return b.toString();
    }

    /**
     * Splits {@code line} into {@link #fields} (at most one per column) and returns how many fields it has.
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
            if (count < columns.length) {
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
        String[] known = knownValues[column];
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
        System.arraycopy(parsed, 0, fields, 0, Math.min(columns.length, parsed.length));
        return parsed.length;
    }

    private static int endOfField(String line, int from) {
        int comma = line.indexOf(',', from);
        return comma < 0 ? line.length() : comma;
    }

    private static void appendField(StringBuilder b, String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
            b.append(v);
        } else {
            b.append('"').append(v.replace("\"", "\"\"")).append('"');
        }
    }

    private static Integer integer(String text, Field column) throws RowException {
        int plain = plainInteger(text);
        if (plain >= 0) {
            return plain;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new RowException(column.name() + ": not an integer: '" + text + "'");
        }
    }

    private static Double number(String text, Field column) throws RowException {
        double plain = plainDecimal(text);
        if (!Double.isNaN(plain)) {
            return plain;
        }
        String v = text.strip();
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
            throw new RowException(column.name() + ": not a number: '" + text + "'");
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
}
