package io.churnstream.common.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnstream.common.record.CustomerFields;
import org.junit.jupiter.api.Test;

class CustomerSchemaTest {

    @Test
    void should_list_the_values_the_schema_allows_a_text_field_without_null() {
        CustomerSchema schema = CustomerSchema.bundled();

        assertThat(schema.allowedValues(CustomerFields.CONTRACT)).containsExactlyInAnyOrder("Month-to-month", "One year", "Two year");
        assertThat(schema.allowedValues(CustomerFields.ONLINE_SECURITY)).as("through $ref")
                .containsExactlyInAnyOrder("Yes", "No", "No internet service");
        assertThat(schema.allowedValues(CustomerFields.CHURN)).as("null is no category").containsExactlyInAnyOrder("Yes", "No");
        assertThat(schema.allowedValues(CustomerFields.TENURE)).isEmpty();
        assertThat(schema.allowedValues(CustomerFields.CUSTOMER_ID)).isEmpty();
    }
}
