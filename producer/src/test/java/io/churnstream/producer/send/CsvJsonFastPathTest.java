package io.churnstream.producer.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.schema.CustomerSchema;
import io.churnstream.common.synthetic.SyntheticCustomers;
import io.churnstream.producer.source.CsvLine;
import io.churnstream.producer.source.CustomerCsv;
import io.churnstream.producer.source.SourceRow;
import org.junit.jupiter.api.Test;

/** The fast path against the library path (CustomerCsv, then CustomerJson, itself held to Jackson): same bytes, or declined. */
class CsvJsonFastPathTest {

    private static final String TS = "2026-11-25T10:00:00.123Z";
    private static final int COLUMNS = CustomerFields.TELCO.csvColumns().size();

    @Test
    void should_take_every_generated_line_and_write_what_the_library_path_writes() {
        for (WireFormat format : WireFormat.values()) {
            CsvJsonFastPath fast = new CsvJsonFastPath(CustomerSchema.bundled(), format);
            SyntheticCustomers gen = new SyntheticCustomers(23);
            int unknownTotals = 0;
            for (int i = 0; i < 20_000; i++) {
                CustomerRecord c = gen.next();
                byte[] line = CustomerCsv.format(c).getBytes(StandardCharsets.UTF_8);
                EncodedRow encoded = fast.encode(i, line, TS);
                assertThat(encoded).as("declined %s", CustomerCsv.format(c)).isNotNull();
                assertSameAsLibrary(encoded, line, format);
                assertThat(encoded.index()).isEqualTo(i);
                unknownTotals += c.number(CustomerFields.TOTAL_CHARGES) == null ? 1 : 0;
            }
            assertThat(unknownTotals).as("customers in their first month").isPositive();
        }
    }

    @Test
    void should_write_plain_numbers_as_java_prints_their_values_and_decline_the_others() {
        String[] plain = {"29.85", "20", "20.0", "20.50", "0", "0.0", "0.5", "5.", "1234567.12345678", "9999999", " ", "", "   "};
        String[] other = {"0.05", "007", "00.5", "1e3", "12345678", "1234567.123456789", "-1", "+1", ".5", " 1", "1 ", "1.2.3",
            "NaN", "Infinity", "0x10", "1_000"};
        for (WireFormat format : WireFormat.values()) {
            CsvJsonFastPath fast = new CsvJsonFastPath(CustomerSchema.bundled(), format);
            for (String number : plain) {
                for (CustomerFields.Field field : List.of(CustomerFields.MONTHLY_CHARGES, CustomerFields.TOTAL_CHARGES)) {
                    byte[] line = withColumn(generatedLine(1), field, number);
                    EncodedRow encoded = fast.encode(0, line, TS);
                    assertThat(encoded).as("%s=%s declined", field.name(), number).isNotNull();
                    assertSameAsLibrary(encoded, line, format);
                }
            }
            for (String number : other) {
                byte[] line = withColumn(generatedLine(2), CustomerFields.TOTAL_CHARGES, number);
                assertThat(fast.encode(0, line, TS)).as(number).isNull();
            }
        }
    }

    @Test
    void should_decline_lines_that_are_not_plain() {
        CsvJsonFastPath fast = new CsvJsonFastPath(CustomerSchema.bundled(), WireFormat.NATIVE);
        String line = new String(generatedLine(3), StandardCharsets.UTF_8);
        String[] others = {line + ",", line.substring(0, line.lastIndexOf(',')), "", " ", line.replace("-", "\"-\""),
            line.replace("-", "\\"), line.replace("-", "\t"), line.replace("-", "\u00e9"), line.replace("-", "\u007f"),
            " " + line, line.replace(",", ", "), column(CustomerFields.TENURE, "072"), column(CustomerFields.TENURE, " 72"),
            column(CustomerFields.TENURE, "1234567890"), column(CustomerFields.CHURN, " No"), column(CustomerFields.CUSTOMER_ID, "")};
        for (String other : others) {
            assertThat(fast.encode(0, other.getBytes(StandardCharsets.UTF_8), TS)).as(other).isNull();
        }
        assertThat(fast.encode(0, line.getBytes(StandardCharsets.UTF_8), "2026-11-25T10:00:00\"Z")).isNull();
    }

    @Test
    void should_match_the_library_path_on_every_mutated_line_it_takes() {
        SplittableRandom random = new SplittableRandom(29);
        List<String> lines = new ArrayList<>();
        SyntheticCustomers gen = new SyntheticCustomers(37);
        for (int i = 0; i < 1_000; i++) {
            lines.add(CustomerCsv.format(gen.next()));
        }
        int taken = 0;
        int declined = 0;
        for (WireFormat format : WireFormat.values()) {
            CsvJsonFastPath fast = new CsvJsonFastPath(CustomerSchema.bundled(), format);
            for (int i = 0; i < 30_000; i++) {
                List<String> columns = new ArrayList<>(List.of(lines.get(random.nextInt(lines.size())).split(",", -1)));
                for (int m = 1 + random.nextInt(3); m > 0; m--) {
                    mutate(columns, random);
                }
                byte[] line = String.join(",", columns).getBytes(StandardCharsets.UTF_8);
                EncodedRow encoded = fast.encode(i, line, i % 3 == 0 ? TS : "2026-11-25T10:00:0" + i % 10 + ".000Z");
                if (encoded == null) {
                    declined++;
                } else {
                    taken++;
                    assertSameAsLibrary(encoded, line, format);
                }
            }
        }
        assertThat(taken).as("mutated lines the fast path took").isGreaterThan(10_000);
        assertThat(declined).as("mutated lines left to the library path").isGreaterThan(10_000);
    }

    /** Replaces, adds or removes a column, with text of the shapes a hand-edited or foreign CSV may hold. */
    private static void mutate(List<String> columns, SplittableRandom random) {
        int at = random.nextInt(columns.size());
        switch (random.nextInt(10)) {
            case 0 -> columns.add(at, token(random));
            case 1 -> columns.remove(at);
            case 2, 3, 4 -> columns.set(at, number(random));
            default -> columns.set(at, token(random));
        }
    }

    private static String number(SplittableRandom random) {
        StringBuilder b = new StringBuilder();
        int digits = 1 + random.nextInt(random.nextBoolean() ? 4 : 18);
        for (int d = 0; d < digits; d++) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        if (random.nextInt(3) > 0) {
            b.insert(random.nextInt(digits + 1), '.');
        }
        return switch (random.nextInt(12)) {
            case 0 -> "-" + b;
            case 1 -> b + "e" + random.nextInt(5);
            case 2 -> " " + b;
            case 3 -> "0" + b;
            default -> b.toString();
        };
    }

    private static String token(SplittableRandom random) {
        String[] tokens = {"", " ", "  ", "Yes", " Yes", "No ", "\"No\"", "\"a,b\"", "\"q\"\"q\"", "x\\y", "tab\there", "\u00e9t\u00e9",
            "\u2603", "del\u007f", "0", "00", "7", "123456789", "1234567890", "DSL", "Fiber optic", "Month-to-month", "null",
            "{}", "/"};
        return tokens[random.nextInt(tokens.length)];
    }

    private static void assertSameAsLibrary(EncodedRow encoded, byte[] line, WireFormat format) {
        String text = new String(line, StandardCharsets.UTF_8);
        SourceRow row = new CsvLine(0, 2, line).parse(new CustomerCsv());
        assertThat(row.ok()).as("the library path rejects %s (%s)", text, row.error()).isTrue();
        CustomerRecord record = row.record().withEventTs(new String(eventTs(encoded.value()), StandardCharsets.UTF_8));
        assertThat(new String(encoded.value(), StandardCharsets.UTF_8)).as(text)
                .isEqualTo(new String(new CustomerJson(format).write(record), StandardCharsets.UTF_8));
        assertThat(encoded.key()).as(text).isEqualTo(CustomerJson.key(record));
    }

    /** The event time the fast path wrote, so the library path is given the same one. */
    private static byte[] eventTs(byte[] json) {
        String s = new String(json, StandardCharsets.UTF_8);
        int at = s.indexOf("\"event_ts\":\"") + "\"event_ts\":\"".length();
        return s.substring(at, s.indexOf('"', at)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] generatedLine(int n) {
        SyntheticCustomers gen = new SyntheticCustomers(31);
        CustomerRecord c = gen.next();
        for (int i = 0; i < n; i++) {
            c = gen.next();
        }
        return CustomerCsv.format(c).getBytes(StandardCharsets.UTF_8);
    }

    private static String column(CustomerFields.Field field, String text) {
        return new String(withColumn(generatedLine(3), field, text), StandardCharsets.UTF_8);
    }

    private static byte[] withColumn(byte[] line, CustomerFields.Field field, String text) {
        String[] columns = new String(line, StandardCharsets.UTF_8).split(",", -1);
        assertThat(columns).hasSize(COLUMNS);
        columns[CustomerFields.TELCO.csvColumns().indexOf(field)] = text;
        return String.join(",", columns).getBytes(StandardCharsets.UTF_8);
    }
}
