package io.churnstream.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import io.churnstream.common.LegacyMessages;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.synthetic.SyntheticCustomers;
import org.junit.jupiter.api.Test;

/**
 * The byte-level reader against the streaming parser it stands in front of: on any input it either declines or
 * gives the very customer the parser gives (same fields, same types, the same doubles bit for bit).
 */
class CustomerBytesTest {

    private static final CustomerBytes BYTES = new CustomerBytes(CustomerSchema.bundled().rules());
    private static final CustomerReader PARSER = CustomerReader.customer();

    /** Values worth trying in any field: the schema's edges, other types, other forms of the same number. */
    private static final List<String> LITERALS = List.of(
            "null", "nul", "nulls", "true", "false", "[]", "{}", "{\"a\":1}", "\"\"", "\" \"", "\"   \"",
            "\"Yes\"", "\"No\"", "\"yes\"", "\"Yes \"", "\"\\u0059es\"", "\"Y\\\"es\"", "\"Male\"", "\"Fiber optic\"",
            "\"No internet service\"", "\"Month-to-month\"", "\"Bank transfer (automatic)\"", "\"Électronique\"",
            "0", "1", "2", "-0", "00", "01", "0.0", "-0.0", "1.0", "1.", ".5", "5e0", "5E0", "1e2", "42", "72", "100",
            "101", "-1", "-1.5", "18.25", "18.249999999999999", "199.99", "200", "200.0", "4294967296", "2147483648",
            "999999999", "1000000000", "123456789012345", "1234567890123456", "0.000000000000001",
            "0.0000000000000001", "19999.99", "20000", "20001", "1e-400", "1e400", "+1", "NaN", "Infinity",
            "\"29.85\"", "\" 29.85\"", "\"29.85 \"", "\"0029.85\"", "\"1e5\"", "\"abc\"", "\"20000.01\"",
            "\"1234-ABCDE\"", "\"1234-abcde\"", "\"12345ABCDE\"", "\"1234-ABCDE\\n\"",
            "\"2026-11-25T10:00:00Z\"", "\"2026-11-25T10:00:00.123456789Z\"", "\"2026-11-25T10:00:00+01:00\"",
            "\"2026-02-29T10:00:00Z\"", "\"2026-11-25t10:00:00z\"");
    private static final List<String> SPACES = List.of("", " ", "\n", "\t", "\r\n", "  ", "\u00a0", "\f");

    @Test
    void should_read_every_generated_customer_from_its_bytes_as_the_parser_does() {
        SyntheticCustomers customers = new SyntheticCustomers(21);
        SplittableRandom random = new SplittableRandom(21);
        for (int i = 0; i < 20_000; i++) {
            CustomerRecord customer = customers.next().withEventTs(timestamp(random));
            byte[] json = Json.write(customer);

            CustomerRecord read = BYTES.read(json);

            assertThat(read).as(new String(json, StandardCharsets.UTF_8)).isNotNull();
            assertExact(read, PARSER.parse(json));
            assertExact(read, customer);
        }
    }

    @Test
    void should_read_a_customer_whose_keys_come_in_any_order() {
        SyntheticCustomers customers = new SyntheticCustomers(22);
        SplittableRandom random = new SplittableRandom(22);
        for (int i = 0; i < 5_000; i++) {
            CustomerRecord customer = customers.next().withEventTs(timestamp(random));
            List<Map.Entry<String, String>> members = new ArrayList<>(fields(customer).entrySet());
            for (int j = members.size() - 1; j > 0; j--) {
                Collections.swap(members, j, random.nextInt(j + 1));
            }
            String text = members.stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                    .collect(Collectors.joining(",", "{", "}"));

            CustomerRecord read = BYTES.read(bytes(text));

            assertThat(read).as(text).isNotNull();
            assertExact(read, customer);
        }
    }

    @Test
    void should_decline_or_agree_with_the_parser_on_perturbed_customers() {
        SyntheticCustomers customers = new SyntheticCustomers(23);
        SplittableRandom random = new SplittableRandom(23);
        int read = 0;
        int declined = 0;
        for (int i = 0; i < 60_000; i++) {
            String text = perturb(fields(customers.next().withEventTs(timestamp(random))), random);
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);

            CustomerRecord fast = BYTES.read(utf8);

            if (fast == null) {
                declined++;
            } else {
                CustomerRecord parsed = PARSER.parse(utf8);
                assertThat(parsed).as("read from bytes, not by the parser: %s", text).isNotNull();
                assertExact(fast, parsed);
                read++;
            }
        }
        assertThat(read).as("perturbed customers read from their bytes").isGreaterThan(5_000);
        assertThat(declined).as("perturbed customers declined").isGreaterThan(20_000);
    }

    @Test
    void should_give_every_decimal_the_double_the_parser_gives() {
        Map<String, String> base = fields(new SyntheticCustomers(29).next());
        SplittableRandom random = new SplittableRandom(29);
        int read = 0;
        for (int i = 0; i < 50_000; i++) {
            int digits = 1 + random.nextInt(17);
            StringBuilder number = new StringBuilder();
            for (int d = 0; d < digits; d++) {
                number.append((char) ('0' + random.nextInt(10)));
            }
            int point = random.nextInt(digits + 1);
            String text = point == 0 || point == digits ? number.toString()
                    : number.substring(0, point) + "." + number.substring(point);
            Map<String, String> fields = new LinkedHashMap<>(base);
            fields.put(random.nextBoolean() ? "MonthlyCharges" : "TotalCharges", text);
            byte[] utf8 = object(fields).getBytes(StandardCharsets.UTF_8);

            CustomerRecord fast = BYTES.read(utf8);

            if (fast != null) {
                assertExact(fast, PARSER.parse(utf8));
                read++;
            }
        }
        assertThat(read).isGreaterThan(10_000);
    }

    @Test
    void should_decline_what_the_parser_reads_only_after_a_closer_look() {
        Map<String, String> base = fields(new SyntheticCustomers(31).next().withEventTs("2026-11-25T10:00:00Z"));
        String valid = object(base);
        assertThat(BYTES.read(bytes(valid))).isNotNull();
        for (String changed : List.of(
                valid.replace("\"Partner\":\"", "\"Partner\":\"\\u0059").replace("\\u0059Yes", "\\u0059es"),
                valid.substring(0, valid.length() - 1) + ",\"note\":\"x\"}",
                valid.replace("{\"customerID\"", "{\"\\u0063ustomerID\""),
                valid.replaceFirst("\"SeniorCitizen\":(\\d)", "\"SeniorCitizen\":$1.0"),
                "\uFEFF" + valid)) {
            assertThat(BYTES.read(bytes(changed))).as(changed).isNull();
        }
        for (LegacyMessages.Golden golden : LegacyMessages.golden()) {
            CustomerRecord fast = BYTES.read(golden.legacyBytes());
            if (fast != null) {
                assertExact(fast, PARSER.parse(golden.legacyBytes()));
            }
            assertExact(BYTES.read(golden.twinBytes()), PARSER.parse(golden.twinBytes()));
        }
    }

    /** Equal values of equal types: {@link Double#equals} compares bits, so 0.0 and -0.0 differ. */
    private static void assertExact(CustomerRecord actual, CustomerRecord expected) {
        assertThat(actual).isEqualTo(expected);
        for (var field : expected.fields().all()) {
            Object a = actual.get(field);
            Object e = expected.get(field);
            assertThat(a == null ? null : a.getClass()).as(field.name()).isEqualTo(e == null ? null : e.getClass());
        }
    }

    private static String perturb(Map<String, String> fields, SplittableRandom random) {
        List<String> names = new ArrayList<>(fields.keySet());
        names.add("extra");
        List<String> duplicates = new ArrayList<>();
        int changes = random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(8)) {
                case 0 -> fields.remove(name);
                case 1 -> duplicates.add("\"" + name + "\":" + LITERALS.get(random.nextInt(LITERALS.size())));
                default -> fields.put(name, LITERALS.get(random.nextInt(LITERALS.size())));
            }
        }
        String space = SPACES.get(random.nextInt(SPACES.size()));
        String text = fields.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\"" + space + ":" + space + e.getValue())
                .collect(Collectors.joining("," + space, "{" + space, space + "}"));
        if (!duplicates.isEmpty()) {
            text = text.substring(0, text.length() - 1) + (fields.isEmpty() ? "" : ",") + String.join(",", duplicates) + "}";
        }
        return switch (random.nextInt(30)) {
            case 0 -> text.substring(0, random.nextInt(text.length()));
            case 1 -> "[" + text + "]";
            case 2 -> text + " {}";
            case 3 -> text + SPACES.get(random.nextInt(SPACES.size()));
            case 4 -> text.replace(",", ",,");
            case 5 -> text.replace("}", ",}");
            default -> text;
        };
    }

    private static String timestamp(SplittableRandom random) {
        long second = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond() + random.nextLong(400_000_000L);
        int nanos = random.nextBoolean() ? random.nextInt(1000) * 1_000_000 : random.nextInt(1_000_000_000);
        return Instant.ofEpochSecond(second, nanos).toString();
    }

    /** The customer's fields as raw JSON literals, in the mapper's order. */
    private static Map<String, String> fields(CustomerRecord customer) {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            Json.parse(Json.write(customer)).fields()
                    .forEachRemaining(e -> fields.put(e.getKey(), e.getValue().toString()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return fields;
    }

    private static String object(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
