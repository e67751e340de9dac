package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.schema.CustomerReader;
import io.churnstream.common.schema.CustomerSchema;
import io.churnstream.common.schema.MessageValidator;
import io.churnstream.common.synthetic.SyntheticCustomers;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.ScoringEngine;
import io.churnstream.producer.send.CustomerJson;
import io.churnstream.producer.send.WireFormat;
import io.churnstream.producer.source.CustomerCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Growing the customer contract by a column takes the schema and the field table, nothing else: a copy of both with
 * one more field goes through CSV, JSON, the single-pass reader, the validator and a model that reads the new field.
 */
class ContractExtensionTest {

    private static final CustomerFields TABLE = CustomerFields.TELCO.with("Complaints", CustomerFields.Kind.INTEGER);
    private static final CustomerFields.Field COMPLAINTS = TABLE.field("Complaints");

    @TempDir
    Path dir;

    @Test
    void should_carry_a_new_field_from_csv_to_the_model_input() throws Exception {
        ObjectNode tree = (ObjectNode) MessageValidator.customerSchemaTree().deepCopy();
        ((ObjectNode) tree.get("properties")).set("Complaints", Json.toTree(Map.of("type", "integer",
                "minimum", 0, "maximum", 50)));
        ((ArrayNode) tree.get("required")).add("Complaints");
        CustomerSchema schema = CustomerSchema.of(TABLE, tree);
        CustomerRecord telco = new SyntheticCustomers(3).next();
        String line = CustomerCsv.format(telco) + ",3";

        CustomerRecord parsed = new CustomerCsv(schema).parse(line);
        byte[] json = new CustomerJson(schema, WireFormat.NATIVE).write(parsed.withEventTs("2026-11-30T10:00:00.000Z"));
        CustomerRecord read = CustomerReader.of(schema).readIfValid(json);

        assertThat(CustomerCsv.format(parsed)).isEqualTo(line);
        assertThat(parsed.integer(COMPLAINTS)).isEqualTo(3);
        assertThat(parsed.customerId()).isEqualTo(telco.customerId());
        assertThat(Json.parse(json).get("Complaints").asInt()).isEqualTo(3);
        assertThat(MessageValidator.of(tree).validate(Json.parse(json))).isEmpty();
        assertThat(read).as("read by the single pass").isNotNull();
        assertThat(read).isEqualTo(parsed.withEventTs("2026-11-30T10:00:00.000Z"));
        String tooMany = new String(json, StandardCharsets.UTF_8).replace("\"Complaints\":3", "\"Complaints\":99");
        assertThat(CustomerReader.of(schema).readIfValid(tooMany.getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(MessageValidator.of(tree).validate(Json.parse(tooMany.getBytes(StandardCharsets.UTF_8))))
                .containsExactly("Complaints: must be <= 50, got 99");

        Path pmml = dir.resolve("complaints.pmml");
        try (InputStream in = ContractExtensionTest.class.getResourceAsStream("/complaints-softmax.pmml")) {
            Files.write(pmml, in.readAllBytes());
        }
        ChurnModel model = ChurnModel.load(pmml, 0.5, ScoringEngine.AUTO, schema);
        int tenure = read.integer(CustomerFields.TENURE);
        for (int complaints : new int[]{0, 3, 7}) {
            double expected = 1.0 / (1.0 + Math.exp(-(-1.0 - 0.05 * tenure + 0.8 * complaints)));
            assertThat(model.score(read.with(COMPLAINTS, complaints)).probability())
                    .as("complaints %d", complaints).isCloseTo(expected, offset(1e-12));
        }
    }

    @Test
    void should_keep_the_telco_fields_where_they_were() {
        for (CustomerFields.Field f : CustomerFields.TELCO.all()) {
            assertThat(TABLE.all().get(f.index())).isEqualTo(f);
        }
        assertThat(TABLE.csvHeader()).isEqualTo(CustomerFields.TELCO.csvHeader() + ",Complaints");
    }
}
