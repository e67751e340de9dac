package io.churnstream.producer.source;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

import com.opencsv.CSVParser;
import com.opencsv.CSVParserBuilder;
import io.churnstream.common.record.CustomerRecord;

/** The Telco dataset's CSV row format: parsing one line into a record and formatting a record back. */
public final class CustomerCsv {

    public static final String HEADER = String.join(",", CustomerRecord.CSV_COLUMNS);
    private static final int COLUMNS = CustomerRecord.CSV_COLUMNS.size();

    private final CSVParser parser = new CSVParserBuilder().build();

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
        String[] f;
        try {
            f = parser.parseLine(line);
        } catch (IOException e) {
            throw new RowException("bad quoting: " + e.getMessage());
        }
        if (f == null || f.length != COLUMNS) {
            throw new RowException("expected " + COLUMNS + " columns, got " + (f == null ? 0 : f.length));
        }
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
                r.totalCharges() == null ? " " : decimal(r.totalCharges()), r.churn() == null ? "" : r.churn());
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            appendField(b, values.get(i).toString());
        }
        return b.toString();
    }

    static String decimal(Double d) {
        return d == null ? "" : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
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
        String v = f[i].strip();
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new RowException(CustomerRecord.CSV_COLUMNS.get(i) + ": not an integer: '" + f[i] + "'");
        }
    }

    private static Double number(String[] f, int i) throws RowException {
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

    private static String blankToNull(String v) {
        return v.isBlank() ? null : v.strip();
    }
}
