package io.churnstream.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnstream.common.TestCustomers;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.DeadLetter;
import io.churnstream.common.record.ErrorType;
import io.churnstream.common.record.Prediction;
import org.junit.jupiter.api.Test;

class MessageValidatorTest {

    private final MessageValidator customers = MessageValidator.customer();

    private ObjectNode valid() {
        return (ObjectNode) Json.toTree(TestCustomers.fiberMonthToMonth("1234-ABCDE"));
    }

    @Test
    void should_accept_valid_customers_with_and_without_optional_fields() {
        assertThat(customers.validate(valid())).isEmpty();
        assertThat(customers.validateValue(TestCustomers.newTwoYearNoInternet("9999-QWERT"))).isEmpty();
    }

    @Test
    void should_name_field_and_bound_for_out_of_range_numbers() {
        assertThat(customers.validate(valid().put("tenure", -3))).containsExactly("tenure: must be >= 0, got -3");
        assertThat(customers.validate(valid().put("MonthlyCharges", 250.5))).containsExactly("MonthlyCharges: must be <= 200, got 250.5");
    }

    @Test
    void should_reject_values_outside_the_allowed_sets() {
        assertThat(customers.validate(valid().put("Contract", "Three year")))
                .singleElement().asString().startsWith("Contract: must be one of").contains("\"Three year\"");
        assertThat(customers.validate(valid().put("SeniorCitizen", 2))).singleElement().asString().startsWith("SeniorCitizen: must be one of");
    }

    @Test
    void should_reject_wrong_types_and_bad_ids() {
        assertThat(customers.validate(valid().put("tenure", "five"))).contains("tenure: must be of type integer, got string \"five\"");
        assertThat(customers.validate(valid().put("customerID", "abc"))).containsExactly("customerID: must match ^[0-9]{4}-[A-Z]{5}$, got \"abc\"");
    }

    @Test
    void should_accept_every_form_of_total_charges_the_earlier_producer_writes() {
        for (String text : List.of("29.85", "1889.5", "0", "20000", " ", "", "   ")) {
            assertThat(customers.validate(valid().put("TotalCharges", text))).as(text).isEmpty();
        }
        assertThat(customers.validate(valid().putNull("TotalCharges"))).isEmpty();
        ObjectNode absent = valid();
        absent.remove("TotalCharges");
        assertThat(customers.validate(absent)).isEmpty();
        assertThat(customers.validate(valid().put("event_ts", "2026-11-30T06:22:09.794664Z"))).isEmpty();
        assertThat(customers.validate(valid().put("event_ts", "2026-11-30T06:22:09.794664123Z"))).isEmpty();
        assertThat(customers.validate(valid().put("Churn", "Yes"))).isEmpty();
    }

    @Test
    void should_reject_a_total_charges_string_that_is_not_a_number_in_bounds() {
        for (String text : List.of("abc", "1e5x", "1e5", "-1", "20000.01", "29,85", "NaN", " 29.85")) {
            assertThat(customers.validate(valid().put("TotalCharges", text))).as(text)
                    .singleElement().asString().startsWith("TotalCharges: must match ");
        }
        assertThat(customers.validate(valid().put("TotalCharges", true))).singleElement().asString()
                .startsWith("TotalCharges: must be of type [\"number\",\"string\",\"null\"]");
    }

    @Test
    void should_list_every_missing_required_field() {
        ObjectNode node = valid();
        node.remove("gender");
        node.remove("Contract");
        assertThat(customers.validate(node)).containsExactly("Contract: is required", "gender: is required");
    }

    @Test
    void should_reject_a_non_object_message() {
        assertThat(customers.validate(Json.toTree(List.of(1, 2)))).singleElement().asString().startsWith("(message): must be of type object");
    }

    @Test
    void should_reject_a_malformed_event_timestamp() {
        assertThat(customers.validate(valid().put("event_ts", "yesterday"))).singleElement().asString().startsWith("event_ts: must be a date-time");
    }

    @Test
    void should_validate_predictions_and_dead_letters() {
        Prediction ok = new Prediction("1234-ABCDE", 0.3, "No", "2026-11-25T10:00:00Z", "2026-11-25T10:00:01Z", 0.1, "churn-gbm");
        assertThat(MessageValidator.prediction().validateValue(ok)).isEmpty();
        Prediction bad = new Prediction("1234-ABCDE", 1.3, "Maybe", null, "2026-11-25T10:00:01Z", 0.1, "churn-gbm");
        assertThat(MessageValidator.prediction().validateValue(bad)).hasSize(2);

        DeadLetter letter = new DeadLetter(Json.toTree("x"), "text", null, null, ErrorType.PARSE_ERROR, "not JSON", List.of(),
                "telco.raw.customers", 0, 7, "2026-11-25T10:00:01Z", "g");
        assertThat(MessageValidator.deadLetter().validateValue(letter)).isEmpty();
    }
}
