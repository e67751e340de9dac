package io.churnstream.producer.source;

import static io.churnstream.common.record.CustomerFields.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.synthetic.SyntheticCustomers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerCsvTest {

    private static final String ROW = "1234-ABCDE,Female,0,Yes,No,1,No,No phone service,DSL,No,Yes,No,No,No,No,"
            + "Month-to-month,Yes,Electronic check,29.85,29.85,No";

    @TempDir
    Path dir;

    @Test
    void should_parse_a_plain_row() throws Exception {
        CustomerRecord r = new CustomerCsv().parse(ROW);
        assertThat(r.customerId()).isEqualTo("1234-ABCDE");
        assertThat(r.integer(TENURE)).isEqualTo(1);
        assertThat(r.number(MONTHLY_CHARGES)).isEqualTo(29.85);
        assertThat(r.text(CHURN)).isEqualTo("No");
        assertThat(r.eventTs()).isNull();
    }

    @Test
    void should_read_blank_total_charges_as_null() throws Exception {
        CustomerRecord r = new CustomerCsv().parse(ROW.replace("29.85,29.85,No", "29.85, ,No"));
        assertThat(r.number(TOTAL_CHARGES)).isNull();
    }

    @Test
    void should_accept_quoted_fields_with_commas_and_quotes() throws Exception {
        String line = "\"1234-ABCDE\",Female,0,Yes,No,1,No,No phone service,DSL,No,Yes,No,No,No,No,"
                + "Month-to-month,Yes,\"Check, \"\"electronic\"\"\",\"29.85\",29.85,No";
        CustomerRecord r = new CustomerCsv().parse(line);
        assertThat(r.customerId()).isEqualTo("1234-ABCDE");
        assertThat(r.text(PAYMENT_METHOD)).isEqualTo("Check, \"electronic\"");
        assertThat(r.number(MONTHLY_CHARGES)).isEqualTo(29.85);
    }

    @Test
    void should_split_empty_quoted_and_trailing_fields_as_rfc_4180_does() throws Exception {
        CustomerCsv csv = new CustomerCsv();
        CustomerRecord r = csv.parse(ROW.replace("29.85,29.85,No", "\"29.85\",\"\",\"\""));
        assertThat(r.number(TOTAL_CHARGES)).isNull();
        assertThat(r.text(CHURN)).isNull();
        CustomerRecord quoted = csv.parse(ROW.replace("1234-ABCDE", "\"\"\"Q\"\"\""));
        assertThat(quoted.customerId()).isEqualTo("\"Q\"");
        assertThat(csv.parse(ROW.substring(0, ROW.length() - 2) + "\"No\"").text(CHURN)).isEqualTo("No");
        assertThatThrownBy(() -> csv.parse(ROW + ",")).hasMessageContaining("expected 21 columns, got 22");
        assertThatThrownBy(() -> csv.parse("")).hasMessageContaining("expected 21 columns, got 1");
        assertThatThrownBy(() -> csv.parse(ROW.substring(0, ROW.length() - 2) + "\"No")).hasMessageContaining("bad quoting");
    }

    @Test
    void should_read_plain_numbers_exactly_as_the_jdk_parsers_do() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            int digits = 1 + rnd.nextInt(15);
            StringBuilder b = new StringBuilder();
            for (int d = 0; d < digits; d++) {
                b.append((char) ('0' + rnd.nextInt(10)));
            }
            if (rnd.nextBoolean()) {
                b.insert(rnd.nextInt(digits + 1), '.');
            }
            String text = b.toString();
            assertThat(Double.doubleToLongBits(CustomerCsv.plainDecimal(text))).as(text)
                    .isEqualTo(Double.doubleToLongBits(Double.parseDouble(text)));
            if (digits <= 9 && text.indexOf('.') < 0) {
                assertThat(CustomerCsv.plainInteger(text)).as(text).isEqualTo(Integer.parseInt(text));
            }
        }
        for (String other : new String[]{"", ".", "-1.5", "1e3", " 2.5", "1,5", "1234567890123456", "NaN", "0x10", "1.2.3"}) {
            assertThat(CustomerCsv.plainDecimal(other)).as(other).isNaN();
        }
        for (String other : new String[]{"", "-3", "+3", " 3", "1234567890", "3.0"}) {
            assertThat(CustomerCsv.plainInteger(other)).as(other).isEqualTo(-1);
        }
    }

    @Test
    void should_reject_wrong_column_count_bad_quoting_and_bad_numbers() {
        CustomerCsv csv = new CustomerCsv();
        assertThatThrownBy(() -> csv.parse("1234-ABCDE,Female,0")).hasMessageContaining("expected 21 columns, got 3");
        assertThatThrownBy(() -> csv.parse(ROW.replace("DSL", "\"DSL"))).hasMessageContaining("bad quoting");
        assertThatThrownBy(() -> csv.parse(ROW.replace(",1,No,", ",one,No,"))).hasMessageContaining("tenure: not an integer: 'one'");
        assertThatThrownBy(() -> csv.parse(ROW.replace("29.85,29.85", "x,29.85"))).hasMessageContaining("MonthlyCharges: not a number");
    }

    @Test
    void should_format_like_the_dataset_and_round_trip() throws Exception {
        CustomerRecord r = new CustomerCsv().parse(ROW.replace("29.85,29.85,No", "42.3, ,Yes"));
        assertThat(CustomerCsv.format(r)).isEqualTo(ROW.replace("29.85,29.85,No", "42.3, ,Yes"));
        SyntheticCustomers gen = new SyntheticCustomers(7);
        CustomerCsv csv = new CustomerCsv();
        for (int i = 0; i < 500; i++) {
            CustomerRecord c = gen.next();
            assertThat(csv.parse(CustomerCsv.format(c))).isEqualTo(c);
        }
    }

    @Test
    void should_report_bad_rows_by_line_and_keep_reading() throws Exception {
        Path f = dir.resolve("mixed.csv");
        byte[] bad = {(byte) 0xC3, (byte) 0x28};
        try (var out = Files.newOutputStream(f)) {
            out.write((CustomerCsv.HEADER + "\r\n" + ROW + "\r\n" + "1111-AAAAA,Female,0\n\n").getBytes(StandardCharsets.UTF_8));
            out.write(ROW.replace("1234-ABCDE", "2222-BBBBB").replace("Female", "Fem").getBytes(StandardCharsets.UTF_8));
            out.write(bad);
            out.write(("\n" + ROW.replace("1234-ABCDE", "3333-CCCCC")).getBytes(StandardCharsets.UTF_8));
        }
        List<SourceRow> rows = new ArrayList<>();
        try (CsvCustomerSource src = CsvCustomerSource.open(f, 0)) {
            for (SourceRow r; (r = src.next()) != null; ) {
                rows.add(r);
            }
            assertThat(src.progress()).isEqualTo(1.0);
        }
        assertThat(rows).extracting(SourceRow::line).containsExactly(2L, 3L, 5L, 6L);
        assertThat(rows).extracting(SourceRow::ok).containsExactly(true, false, false, true);
        assertThat(rows.get(2).error()).isEqualTo("invalid UTF-8 bytes");
        assertThat(rows.get(3).record().customerId()).isEqualTo("3333-CCCCC");
    }

    @Test
    void should_skip_to_the_checkpointed_row() throws Exception {
        Path f = dir.resolve("three.csv");
        Files.writeString(f, CustomerCsv.HEADER + "\n" + ROW + "\n" + ROW.replace("1234", "5678") + "\n" + ROW.replace("1234", "9999") + "\n");
        try (CsvCustomerSource src = CsvCustomerSource.open(f, 2)) {
            SourceRow r = src.next();
            assertThat(r.index()).isEqualTo(2);
            assertThat(r.record().customerId()).isEqualTo("9999-ABCDE");
            assertThat(src.next()).isNull();
        }
    }

    @Test
    void should_decode_lines_strictly_one_at_a_time() throws Exception {
        LineReader reader = new LineReader(new ByteArrayInputStream("a\n\u00e9\nlast\r\n \t\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(LineReader.decode(reader.next().bytes())).isEqualTo("a");
        assertThat(LineReader.decode(reader.next().bytes())).isEqualTo("\u00e9");
        LineReader.Line last = reader.next();
        assertThat(last.number()).isEqualTo(3L);
        assertThat(LineReader.decode(last.bytes())).isEqualTo("last");
        assertThat(LineReader.isBlank(reader.next().bytes())).isTrue();
        assertThat(reader.next()).isNull();
        assertThatThrownBy(() -> LineReader.decode(new byte[]{'a', (byte) 0xC3, (byte) 0x28}))
                .isInstanceOf(java.nio.charset.CharacterCodingException.class);
        assertThat(LineReader.isBlank("\u2003 ".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(LineReader.isBlank(new byte[]{' ', (byte) 0xC3, (byte) 0x28})).isFalse();
    }
}
