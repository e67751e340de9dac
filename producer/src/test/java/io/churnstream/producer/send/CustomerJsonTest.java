package io.churnstream.producer.send;

import static io.churnstream.common.record.CustomerFields.*;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnstream.common.LegacyMessages;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.schema.MessageValidator;
import io.churnstream.common.synthetic.SyntheticCustomers;
import org.junit.jupiter.api.Test;

class CustomerJsonTest {

    private final ObjectWriter reference = Json.writerFor(CustomerRecord.class);
    private final CustomerJson json = new CustomerJson(WireFormat.NATIVE);
    private final CustomerJson legacy = new CustomerJson(WireFormat.LEGACY);

    @Test
    void should_write_the_same_bytes_as_the_databind_writer() throws Exception {
        SyntheticCustomers gen = new SyntheticCustomers(11);
        for (int i = 0; i < 5_000; i++) {
            CustomerRecord c = gen.next().withEventTs(i % 7 == 0 ? null : "2026-11-25T10:00:00.123Z");
            assertThat(json.write(c)).isEqualTo(reference.writeValueAsBytes(c));
        }
    }

    @Test
    void should_always_write_total_charges_and_validate_against_the_published_schema() throws Exception {
        SyntheticCustomers gen = new SyntheticCustomers(17);
        int unknownTotals = 0;
        for (int i = 0; i < 5_000; i++) {
            CustomerRecord c = gen.next().withEventTs("2026-11-25T10:00:00.123Z");
            JsonNode written = Json.parse(json.write(c));

            assertThat(written.has("TotalCharges")).isTrue();
            assertThat(MessageValidator.customer().validate(written)).as(written.toString()).isEmpty();
            unknownTotals += written.get("TotalCharges").isNull() ? 1 : 0;
        }
        assertThat(unknownTotals).as("customers in their first month").isPositive();
    }

    @Test
    void should_write_the_earlier_producers_types_in_the_legacy_format() throws Exception {
        SyntheticCustomers gen = new SyntheticCustomers(19);
        MessageValidator earlier = LegacyMessages.customerSchema();
        int blanks = 0;
        for (int i = 0; i < 5_000; i++) {
            CustomerRecord c = gen.next().withEventTs("2026-11-25T10:00:00.123Z");
            byte[] bytes = legacy.write(c);
            ObjectNode expected = (ObjectNode) Json.parse(reference.writeValueAsBytes(c));
            expected.put("TotalCharges", c.number(TOTAL_CHARGES) == null ? " " : decimalText(c.number(TOTAL_CHARGES)));
            JsonNode written = Json.parse(bytes);

            assertThat(bytes).isEqualTo(Json.write(expected));
            assertThat(earlier.validate(written)).as(written.toString()).isEmpty();
            assertThat(MessageValidator.customer().validate(written)).as(written.toString()).isEmpty();
            assertThat(Json.read(bytes, CustomerRecord.class)).isEqualTo(c);
            blanks += " ".equals(written.get("TotalCharges").asText()) ? 1 : 0;
        }
        assertThat(blanks).as("customers in their first month").isPositive();
    }

    @Test
    void should_escape_and_leave_out_nulls_like_the_databind_writer() throws Exception {
        CustomerRecord odd = CustomerRecord.of(CustomerFields.TELCO, new Object[]{"0001-\"Q\\", "F\u00e9male\n", null, "Yes\t\b\f\r/", "\u0001No\u001f\u007f", 0,
                "\u2603 \ud83d\ude00", null,
                "Fiber optic", "No", "No", "No", "No", "No", "No", "Month-to-month", "Yes", "Check, \"e\"",
                1e-7, 123456789.125, null, null});
        assertThat(json.write(odd)).isEqualTo(reference.writeValueAsBytes(odd));
        CustomerRecord nan = odd.withEventTs("x");
        nan = CustomerRecord.of(CustomerFields.TELCO, new Object[]{nan.customerId(), nan.text(GENDER), 1, nan.text(PARTNER), nan.text(DEPENDENTS), 2, nan.text(PHONE_SERVICE),
                "No", nan.text(INTERNET_SERVICE), nan.text(ONLINE_SECURITY), nan.text(ONLINE_BACKUP), nan.text(DEVICE_PROTECTION),
                nan.text(TECH_SUPPORT), nan.text(STREAMING_TV), nan.text(STREAMING_MOVIES), nan.text(CONTRACT), nan.text(PAPERLESS_BILLING),
                nan.text(PAYMENT_METHOD), Double.NaN, Double.POSITIVE_INFINITY, "No", "y"});
        assertThat(json.write(nan)).isEqualTo(reference.writeValueAsBytes(nan));
        assertThat(json.write(odd)).as("the writer is reusable after any record").isEqualTo(reference.writeValueAsBytes(odd));
    }

    @Test
    void should_escape_lone_surrogates_as_the_databind_writer_does() throws Exception {
        CustomerRecord lone = new SyntheticCustomers(3).next().withEventTs("\ud83d!\ude00");
        assertThat(json.write(lone)).isEqualTo(reference.writeValueAsBytes(lone));
    }

    @Test
    void should_write_values_beyond_the_cache_of_a_column() throws Exception {
        SyntheticCustomers gen = new SyntheticCustomers(5);
        for (int i = 0; i < 40; i++) {
            CustomerRecord c = gen.next();
            c = CustomerRecord.of(CustomerFields.TELCO, new Object[]{c.customerId(), "g" + i, c.integer(SENIOR_CITIZEN), c.text(PARTNER), c.text(DEPENDENTS), -i,
                    c.text(PHONE_SERVICE), c.text(MULTIPLE_LINES), c.text(INTERNET_SERVICE), c.text(ONLINE_SECURITY), c.text(ONLINE_BACKUP),
                    c.text(DEVICE_PROTECTION), c.text(TECH_SUPPORT), c.text(STREAMING_TV), c.text(STREAMING_MOVIES), c.text(CONTRACT),
                    c.text(PAPERLESS_BILLING), "method " + (i % 11), -0.0, 1e21 * i, "x\"" + i, "t"});
            assertThat(json.write(c)).isEqualTo(reference.writeValueAsBytes(c));
        }
    }

    /** The dataset's way of writing a decimal, independently of the code under test. */
    private static String decimalText(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
