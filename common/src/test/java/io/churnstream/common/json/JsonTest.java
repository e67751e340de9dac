package io.churnstream.common.json;

import static io.churnstream.common.record.CustomerFields.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.TestCustomers;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.DeadLetter;
import io.churnstream.common.record.ErrorType;
import io.churnstream.common.record.Prediction;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void should_round_trip_a_customer_with_every_field() throws IOException {
        CustomerRecord original = TestCustomers.fiberMonthToMonth("1234-ABCDE");
        assertThat(Json.read(Json.write(original), CustomerRecord.class)).isEqualTo(original);
    }

    @Test
    void should_write_an_unknown_total_as_null_and_leave_out_a_missing_label() throws IOException {
        CustomerRecord original = TestCustomers.newTwoYearNoInternet("0001-ZZZZZ");
        byte[] bytes = Json.write(original);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"TotalCharges\":null").doesNotContain("Churn");
        assertThat(Json.read(bytes, CustomerRecord.class)).isEqualTo(original);
    }

    @Test
    void should_read_a_total_written_as_a_decimal_string_or_a_blank_as_the_earlier_producer_does() throws IOException {
        CustomerRecord customer = TestCustomers.fiberMonthToMonth("1234-ABCDE");
        String number = new String(Json.write(customer), StandardCharsets.UTF_8);
        String total = Json.parse(Json.write(customer)).get("TotalCharges").toString();

        CustomerRecord fromText = Json.read(number.replace("\"TotalCharges\":" + total,
                "\"TotalCharges\":\"" + total + "\"").getBytes(StandardCharsets.UTF_8), CustomerRecord.class);
        CustomerRecord fromBlank = Json.read(number.replace("\"TotalCharges\":" + total, "\"TotalCharges\":\" \"")
                .getBytes(StandardCharsets.UTF_8), CustomerRecord.class);
        CustomerRecord fromNothing = Json.read(number.replace("\"TotalCharges\":" + total + ",", "")
                .getBytes(StandardCharsets.UTF_8), CustomerRecord.class);

        assertThat(fromText).isEqualTo(customer);
        assertThat(fromBlank.number(TOTAL_CHARGES)).isNull();
        assertThat(fromNothing.number(TOTAL_CHARGES)).isNull();
        assertThat(fromBlank).isEqualTo(fromNothing);
    }

    @Test
    void should_use_the_dataset_column_names_as_keys_in_file_order() throws IOException {
        JsonNode tree = Json.parse(Json.write(TestCustomers.fiberMonthToMonth("1234-ABCDE")));
        List<String> keys = iterableToList(tree.fieldNames());
        assertThat(keys).containsExactly("customerID", "gender", "SeniorCitizen", "Partner", "Dependents", "tenure",
                "PhoneService", "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection",
                "TechSupport", "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod",
                "MonthlyCharges", "TotalCharges", "Churn", "event_ts");
        assertThat(tree.get("SeniorCitizen").isInt()).isTrue();
        assertThat(tree.get("MonthlyCharges").isDouble()).isTrue();
    }

    @Test
    void should_write_predictions_and_dead_letters_with_wire_names() throws IOException {
        Prediction p = new Prediction("1234-ABCDE", 0.71, "Yes", "2026-11-25T10:00:00Z", "2026-11-25T10:00:01Z", 0.2, "m-1");
        JsonNode pTree = Json.parse(Json.write(p));
        assertThat(pTree.get("churn_probability").asDouble()).isEqualTo(0.71);
        assertThat(pTree.get("inference_latency_ms").asDouble()).isEqualTo(0.2);

        DeadLetter d = new DeadLetter(Json.toTree("not json"), "text", null, null, ErrorType.PARSE_ERROR, "boom", List.of(),
                "telco.raw.customers", 2, 42L, "2026-11-25T10:00:01Z", "g");
        JsonNode dTree = Json.parse(Json.write(d));
        assertThat(dTree.get("error_type").asText()).isEqualTo("parse_error");
        assertThat(dTree.get("source_offset").asLong()).isEqualTo(42L);
        assertThat(dTree.has("original_truncated")).isFalse();
        assertThat(Json.read(Json.write(d), DeadLetter.class)).isEqualTo(d);
    }

    @Test
    void should_reject_trailing_garbage_and_duplicate_keys() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1} x".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\":NaN}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
    }

    private static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
