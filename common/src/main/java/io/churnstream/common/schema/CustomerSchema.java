package io.churnstream.common.schema;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerFields.Field;

/** What the customer schema says about each field of a {@link CustomerFields} table, for code that writes customers. */
public final class CustomerSchema {

    private static final CustomerSchema BUNDLED = of(CustomerFields.TELCO,
            MessageValidator.schemaTree("customer.schema.json"));

    private final CustomerRules rules;

    private CustomerSchema(CustomerRules rules) {
        this.rules = rules;
    }

    /** {@code customer.schema.json} over {@link CustomerFields#TELCO}. */
    public static CustomerSchema bundled() {
        return BUNDLED;
    }

    public static CustomerSchema of(CustomerFields fields, JsonNode schema) {
        return new CustomerSchema(CustomerRules.from(fields, schema));
    }

    public CustomerFields fields() {
        return rules.fields();
    }

    /** Whether a customer may come without a value for the field (not required, or null allowed). */
    public boolean optional(Field field) {
        return rules.optional(field);
    }

    /** Whether the field is a number that may also be written as text, as the earlier producer writes it. */
    public boolean numberAsText(Field field) {
        return rules.numberText(field.index()) != null;
    }

    /** The values the schema allows a text field ({@code enum}, null excepted); empty when it lists none. */
    public Set<String> allowedValues(Field field) {
        String[] values = rules.strings(field.index());
        return values == null ? Set.of() : Set.of(values);
    }

    CustomerRules rules() {
        return rules;
    }
}
