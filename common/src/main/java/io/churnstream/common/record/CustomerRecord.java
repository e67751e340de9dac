package io.churnstream.common.record;

import java.util.Arrays;
import java.util.StringJoiner;

import io.churnstream.common.record.CustomerFields.Field;

/**
 * One customer as it travels on the raw topic: a value per field of its {@link CustomerFields} table, null where
 * the value is unknown (a blank TotalCharges) or absent (the label of live traffic, the event time of a CSV row).
 * Text fields hold {@code String}s, integers {@code Integer}s, numbers {@code Double}s. Immutable.
 */
public final class CustomerRecord {

    private final CustomerFields fields;
    private final Object[] values;

    private CustomerRecord(CustomerFields fields, Object[] values) {
        if (values.length != fields.size()) {
            throw new IllegalArgumentException("expected " + fields.size() + " values, got " + values.length);
        }
        this.fields = fields;
        this.values = values;
    }

    /** A record of {@code values} in table order; the array is the record's from now on and must not change. */
    public static CustomerRecord of(CustomerFields fields, Object[] values) {
        return new CustomerRecord(fields, values);
    }

    /** A builder of a {@link CustomerFields#TELCO} customer. */
    public static Builder builder() {
        return new Builder(CustomerFields.TELCO);
    }

    public static Builder builder(CustomerFields fields) {
        return new Builder(fields);
    }

    public CustomerFields fields() {
        return fields;
    }

    public Object get(Field field) {
        return values[field.index()];
    }

    public String text(Field field) {
        return (String) values[field.index()];
    }

    public Integer integer(Field field) {
        return (Integer) values[field.index()];
    }

    public Double number(Field field) {
        return (Double) values[field.index()];
    }

    public String customerId() {
        return text(CustomerFields.CUSTOMER_ID);
    }

    public String eventTs() {
        return text(CustomerFields.EVENT_TS);
    }

    /** The same customer stamped with a new event time. */
    public CustomerRecord withEventTs(String ts) {
        return with(CustomerFields.EVENT_TS, ts);
    }

    /** The same customer with one value replaced. */
    public CustomerRecord with(Field field, Object value) {
        return toBuilder().set(field, value).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(fields);
        System.arraycopy(values, 0, b.values, 0, values.length);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomerRecord other && fields.all().equals(other.fields.all())
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", "{", "}");
        for (Field f : fields.all()) {
            if (values[f.index()] != null) {
                out.add(f.name() + "=" + values[f.index()]);
            }
        }
        return out.toString();
    }

    /** Sets values by field, then {@link #build()}s the record. */
    public static final class Builder {
        private final CustomerFields fields;
        private final Object[] values;

        private Builder(CustomerFields fields) {
            this.fields = fields;
            this.values = new Object[fields.size()];
        }

        public Builder set(Field field, Object value) {
            if (value != null && !expected(field).isInstance(value)) {
                throw new IllegalArgumentException(field.name() + " takes a " + expected(field).getSimpleName()
                        + ", got " + value.getClass().getSimpleName());
            }
            values[field.index()] = value;
            return this;
        }

        private static Class<?> expected(Field field) {
            return switch (field.kind()) {
                case INTEGER -> Integer.class;
                case NUMBER -> Double.class;
                default -> String.class;
            };
        }

        public CustomerRecord build() {
            return new CustomerRecord(fields, values.clone());
        }
    }
}
