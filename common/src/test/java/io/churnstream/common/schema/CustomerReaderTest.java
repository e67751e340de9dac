package io.churnstream.common.schema;

import static io.churnstream.common.record.CustomerFields.*;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.synthetic.SyntheticCustomers;
import org.junit.jupiter.api.Test;

/** The single-pass reader against the schema it stands in for: it may pass a record on, never let a bad one through. */
class CustomerReaderTest {

    private static final MessageValidator SCHEMA = MessageValidator.customer();
    private static final CustomerReader READER = CustomerReader.customer();

    /** Literals that sit on or near the schema's edges, written as raw JSON so no serialiser rounds them first. */
    private static final List<String> LITERALS = List.of(
            "null", "true", "false", "[]", "{}", "[1]", "{\"a\":1}", "\"\"",
            "\"Yes\"", "\"No\"", "\"yes\"", "\"Yes \"", "\"\\u0059es\"", "\"Male\"", "\"Female\"", "\"No internet service\"",
            "\"No phone service\"", "\"DSL\"", "\"Fiber optic\"", "\"No\\u0000\"", "\"Month-to-month\"", "\"One year\"",
            "\"Two year\"", "\"Electronic check\"", "\"Mailed check\"", "\"Bank transfer (automatic)\"",
            "\"Credit card (automatic)\"",
            "0", "1", "2", "-0", "0.0", "-0.0", "1.0", "5.0", "5e0", "42", "100", "101", "-1", "199.99", "200", "200.0",
            "200.0000000000000001", "199.99999999999999999", "1e-400", "-1e-400", "1e400", "0.0000001", "19999.99",
            "20000", "20000.000000000001", "20001", "4294967296", "99999999999999999999", "\"70.5\"",
            "\"1234-ABCDE\"", "\"1234-ABCDE\\n\"", "\"1234-abcde\"", "\"123-ABCDEF\"", "\"12345ABCDE\"",
            "\"\\uff11234-ABCDE\"", "\"0000-ZZZZZ\"",
            "\"2026-11-25T10:00:00Z\"", "\"2026-11-25T10:00:00.1Z\"", "\"2026-11-25T10:00:00.123456789Z\"",
            "\"2026-11-25T10:00:00.1234567890Z\"", "\"2026-11-25T10:00:60Z\"", "\"2026-02-29T10:00:00Z\"",
            "\"2024-02-29T10:00:00Z\"", "\"2026-04-31T10:00:00Z\"", "\"2026-11-25t10:00:00z\"",
            "\"2026-11-25T10:00:00+01:00\"", "\"2026-11-25 10:00:00Z\"", "\"2026-13-01T00:00:00Z\"",
            "\"2026-11-25T24:00:00Z\"", "\"0000-01-01T00:00:00Z\"", "\"1899-12-31T23:59:59Z\"", "\"2026-11-25T10:00:00.Z\"",
            "\"2026-11-25T10:00Z\"", "\"2026-11-25\"", "\"+2026-11-25T10:00:00Z\"", "\"2026-1-25T10:00:00Z\"",
            "\"2026-11-30T06:22:09.794664Z\"",
            "\"29.85\"", "\" \"", "\"   \"", "\"\\t\"", "\"\\u00a0\"", "\"abc\"", "\"1e5x\"", "\"1e5\"", "\"0\"",
            "\"20000\"", "\"20000.0\"", "\"20000.01\"", "\"19999.99\"", "\"20001\"", "\"-1\"", "\" 29.85\"",
            "\"29.85 \"", "\"29.85\\n\"", "\"1.\"", "\".5\"", "\"0029.85\"", "\"NaN\"", "\"Infinity\"",
            "\"0x1p3\"", "\"29,85\"", "\"1889.5\"", "\"\\u0032\"");

    @Test
    void should_read_every_generated_customer_exactly_as_the_mapper_does() throws IOException {
        SyntheticCustomers customers = new SyntheticCustomers(7);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            CustomerRecord customer = customers.next().withEventTs(timestamp(random));
            byte[] json = Json.write(customer);

            CustomerRecord read = READER.readIfValid(json);

            assertThat(read).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(Json.read(json, CustomerRecord.class));
            assertThat(read).isEqualTo(customer);
        }
    }

    @Test
    void should_never_accept_a_message_the_schema_rejects() throws IOException {
        SyntheticCustomers customers = new SyntheticCustomers(11);
        SplittableRandom random = new SplittableRandom(11);
        int accepted = 0;
        int rejected = 0;
        int deferred = 0;
        for (int i = 0; i < 30_000; i++) {
            String text = mutate(fields(customers.next().withEventTs(timestamp(random))), random);
            boolean schemaValid = schemaAccepts(text);

            CustomerRecord read = READER.readIfValid(text.getBytes(StandardCharsets.UTF_8));

            if (read != null) {
                assertThat(schemaValid).as("read but rejected by the schema: %s", text).isTrue();
                assertThat(read).as(text).isEqualTo(Json.treeToValue(Json.parse(text.getBytes(StandardCharsets.UTF_8)),
                        CustomerRecord.class));
                accepted++;
            } else if (schemaValid) {
                deferred++;
            } else {
                rejected++;
            }
        }
        assertThat(accepted).as("mutants the reader passed on").isGreaterThan(1_000);
        assertThat(rejected).as("mutants the schema rejects").isGreaterThan(20_000);
        assertThat(deferred).as("valid mutants left to the validator").isGreaterThan(0);
    }

    @Test
    void should_agree_with_the_schema_on_every_form_of_total_charges() throws IOException {
        Map<String, String> base = fields(new SyntheticCustomers(13).next().withEventTs("2026-11-30T06:22:09.794664Z"));
        for (String literal : LITERALS) {
            Map<String, String> fields = new LinkedHashMap<>(base);
            fields.put("TotalCharges", literal);
            String text = object(fields);

            CustomerRecord read = READER.readIfValid(text.getBytes(StandardCharsets.UTF_8));

            if (read != null) {
                assertThat(schemaAccepts(text)).as("read but rejected by the schema: %s", literal).isTrue();
                assertThat(read).as(literal).isEqualTo(Json.read(text.getBytes(StandardCharsets.UTF_8), CustomerRecord.class));
            }
        }
        assertThat(read(READER, base, "TotalCharges", "\"29.85\"", "Churn", "\"No\"").number(TOTAL_CHARGES)).isEqualTo(29.85);
        assertThat(read(READER, base, "TotalCharges", "\" \"", "Churn", "\"Yes\"").number(TOTAL_CHARGES)).isNull();
        assertThat(read(READER, base, "TotalCharges", "\"\"", "Churn", "\"Yes\"").number(TOTAL_CHARGES)).isNull();
        assertThat(read(READER, base, "TotalCharges", "\"abc\"", "Churn", "\"No\"")).isNull();
        assertThat(read(READER, base, "TotalCharges", "\"1e5x\"", "Churn", "\"No\"")).isNull();
        assertThat(read(READER, base, "TotalCharges", "\"20000.01\"", "Churn", "\"No\"")).isNull();
    }

    @Test
    void should_leave_edge_cases_to_the_validator() {
        Map<String, String> base = fields(new SyntheticCustomers(3).next().withEventTs("2026-11-25T10:00:00Z"));
        for (String edge : List.of("{\"MonthlyCharges\":200}", "{\"MonthlyCharges\":0}", "{\"tenure\":5.0}",
                "{\"event_ts\":\"2026-11-25T10:00:00+00:00\"}", "{\"customerID\":\"1234-ABCDE\\n\"}")) {
            Map<String, String> changed = new LinkedHashMap<>(base);
            JsonNode change = parse(edge);
            change.fieldNames().forEachRemaining(name -> changed.put(name, change.get(name).toString()));
            String text = object(changed);
            assertThat(READER.readIfValid(text.getBytes(StandardCharsets.UTF_8))).as(edge).isNull();
        }
        String valid = object(base);
        assertThat(READER.readIfValid((valid + " x").getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(READER.readIfValid(("[" + valid + "]").getBytes(StandardCharsets.UTF_8))).isNull();
        byte[] badUtf8 = (valid.substring(0, valid.length() - 1) + ",\"note\":\"\u0000\u0000\"}").getBytes(StandardCharsets.UTF_8);
        int quote = badUtf8.length - 4;
        badUtf8[quote] = (byte) 0xC3;
        badUtf8[quote + 1] = (byte) 0x28;
        assertThat(READER.readIfValid(badUtf8)).isNull();
        assertThat(READER.readIfValid(valid.substring(0, valid.length() - 1).getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(READER.readIfValid(new byte[0])).isNull();
        String twice = valid.substring(0, valid.length() - 1) + ",\"note\":1,\"note\":2}";
        assertThat(READER.readIfValid(twice.getBytes(StandardCharsets.UTF_8))).as("a repeated unknown key").isNull();
    }

    @Test
    void should_pass_on_optional_nulls_unknown_fields_and_escapes() {
        Map<String, String> fields = fields(new SyntheticCustomers(5).next());
        fields.put("TotalCharges", "null");
        fields.put("Churn", "null");
        fields.put("Partner", "\"\\u0059es\"");
        fields.put("source", "{\"system\":[1,2,{\"x\":null,\"y\":[]}]}");
        fields.put("note", "\"x\"");

        CustomerRecord read = READER.readIfValid(object(fields).getBytes(StandardCharsets.UTF_8));

        assertThat(read).isNotNull();
        assertThat(read.number(TOTAL_CHARGES)).isNull();
        assertThat(read.text(CHURN)).isNull();
        assertThat(read.text(PARTNER)).isEqualTo("Yes");
        assertThat(read.eventTs()).isNull();
    }

    @Test
    void should_apply_the_sets_and_bounds_the_schema_file_gives() {
        ObjectNode schema = (ObjectNode) MessageValidator.schemaTree("customer.schema.json");
        ObjectNode properties = (ObjectNode) schema.get("properties");
        ((ObjectNode) properties.get("tenure")).put("maximum", 72);
        properties.set("Contract", Json.toTree(Map.of("enum", List.of("Month-to-month", "One year"))));
        CustomerReader tightened = CustomerReader.of(schema);
        Map<String, String> fields = fields(new SyntheticCustomers(5).next());

        assertThat(tightened.usable()).isTrue();
        assertThat(read(tightened, fields, "tenure", "50", "Contract", "\"One year\"")).isNotNull();
        assertThat(read(tightened, fields, "tenure", "80", "Contract", "\"One year\"")).isNull();
        assertThat(read(READER, fields, "tenure", "80", "Contract", "\"One year\"")).isNotNull();
        assertThat(read(tightened, fields, "tenure", "50", "Contract", "\"Two year\"")).isNull();
    }

    @Test
    void should_leave_every_event_to_the_validator_when_the_schema_asks_for_a_rule_it_does_not_check() {
        ObjectNode closed = (ObjectNode) MessageValidator.schemaTree("customer.schema.json");
        closed.put("additionalProperties", false);
        ObjectNode longerIds = (ObjectNode) MessageValidator.schemaTree("customer.schema.json");
        ((ObjectNode) longerIds.get("properties").get("customerID")).put("minLength", 12);
        byte[] valid = Json.write(new SyntheticCustomers(5).next());

        assertThat(READER.usable()).isTrue();
        assertThat(READER.readIfValid(valid)).isNotNull();
        for (ObjectNode schema : List.of(closed, longerIds)) {
            CustomerReader reader = CustomerReader.of(schema);
            assertThat(reader.usable()).isFalse();
            assertThat(reader.readIfValid(valid)).isNull();
        }
    }

    private static CustomerRecord read(CustomerReader reader, Map<String, String> base, String field1, String literal1,
                                       String field2, String literal2) {
        Map<String, String> fields = new LinkedHashMap<>(base);
        fields.put(field1, literal1);
        fields.put(field2, literal2);
        return reader.readIfValid(object(fields).getBytes(StandardCharsets.UTF_8));
    }

    private static String timestamp(SplittableRandom random) {
        long second = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond() + random.nextLong(400_000_000L);
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(second, nanos).toString();
    }

    /** The customer's fields as raw JSON literals, in the mapper's order. */
    private static Map<String, String> fields(CustomerRecord customer) {
        Map<String, String> fields = new LinkedHashMap<>();
        parse(Json.write(customer)).fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().toString()));
        return fields;
    }

    private static String mutate(Map<String, String> fields, SplittableRandom random) {
        List<String> names = new ArrayList<>(fields.keySet());
        names.add("event_ts");
        names.add("TotalCharges");
        names.add("Churn");
        names.add("extra");
        int changes = 1 + random.nextInt(2);
        List<String> duplicates = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(6)) {
                case 0 -> fields.remove(name);
                case 1 -> duplicates.add("\"" + name + "\":" + LITERALS.get(random.nextInt(LITERALS.size())));
                default -> fields.put(name, LITERALS.get(random.nextInt(LITERALS.size())));
            }
        }
        String text = object(fields);
        if (!duplicates.isEmpty()) {
            text = text.substring(0, text.length() - 1) + (fields.isEmpty() ? "" : ",") + String.join(",", duplicates) + "}";
        }
        return switch (random.nextInt(40)) {
            case 0 -> text.substring(0, random.nextInt(text.length()));
            case 1 -> "[" + text + "]";
            case 2 -> text + " {}";
            case 3 -> "\n " + text + " \n";
            default -> text;
        };
    }

    private static String object(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static boolean schemaAccepts(String text) {
        JsonNode tree;
        try {
            tree = Json.parseExact(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return false;
        }
        return tree.isObject() && SCHEMA.validate(tree).isEmpty();
    }

    private static JsonNode parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode parse(byte[] utf8) {
        try {
            return Json.parse(utf8);
        } catch (IOException e) {
            throw new AssertionError("test input is not JSON: " + new String(utf8, StandardCharsets.UTF_8), e);
        }
    }
}
