package io.churnstream.common.schema;

import static io.churnstream.common.record.CustomerFields.CHURN;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnstream.common.LegacyMessages;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import org.junit.jupiter.api.Test;

/** Messages of the earlier producer: valid for its own schema and for churnstream's, read as their twins. */
class LegacyFormatTest {

    @Test
    void should_accept_every_golden_message_in_both_schemas() {
        for (LegacyMessages.Golden golden : LegacyMessages.golden()) {
            assertThat(LegacyMessages.customerSchema().validate(golden.legacy())).as(golden.toString()).isEmpty();
            assertThat(MessageValidator.customer().validate(golden.legacy())).as(golden.toString()).isEmpty();
            assertThat(MessageValidator.customer().validate(golden.twin())).as(golden.toString()).isEmpty();
        }
    }

    @Test
    void should_read_every_golden_message_as_its_twin_but_for_the_label_and_the_timestamp() throws IOException {
        assertThat(LegacyMessages.golden()).hasSizeGreaterThanOrEqualTo(8);
        for (LegacyMessages.Golden golden : LegacyMessages.golden()) {
            CustomerRecord legacy = CustomerReader.customer().readIfValid(golden.legacyBytes());
            CustomerRecord twin = CustomerReader.customer().readIfValid(golden.twinBytes());

            assertThat(legacy).as(golden.toString()).isNotNull();
            assertThat(twin).as(golden.toString()).isNotNull();
            assertThat(legacy.text(CHURN)).isEqualTo(golden.legacy().get("Churn").asText());
            assertThat(legacy.eventTs()).isEqualTo(golden.legacy().get("event_ts").asText());
            assertThat(legacy.withEventTs(null).with(CHURN, null)).isEqualTo(twin.withEventTs(null));
            assertThat(Json.read(golden.legacyBytes(), CustomerRecord.class)).isEqualTo(legacy);
        }
    }

    @Test
    void should_hold_the_legacy_schema_to_what_its_description_says() {
        LegacyMessages.Golden golden = LegacyMessages.golden().get(0);
        ObjectNode withNull = golden.legacy().deepCopy();
        withNull.putNull("TotalCharges");
        ObjectNode withExtra = golden.legacy().deepCopy();
        withExtra.put("source", "x");
        ObjectNode withoutTotal = golden.legacy().deepCopy();
        withoutTotal.remove("TotalCharges");

        assertThat(LegacyMessages.customerSchema().validate(withNull)).isNotEmpty();
        assertThat(LegacyMessages.customerSchema().validate(withExtra)).isNotEmpty();
        assertThat(LegacyMessages.customerSchema().validate(withoutTotal)).isNotEmpty();
        assertThat(LegacyMessages.customerSchema().validate(golden.twin())).as("churnstream's own types").isNotEmpty();
    }
}
