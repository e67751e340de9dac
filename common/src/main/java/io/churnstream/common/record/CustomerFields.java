package io.churnstream.common.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The customer contract's fields, in order: the one place in Java that names them. The CSV columns are the fields
 * the dataset has (all but {@code event_ts}); JSON keys are the same names. What each field allows is
 * {@code customer.schema.json}'s business; here is only each field's name, its kind of value, and whether the CSV
 * carries it. Every reader, writer and mapper of customers iterates a table like {@link #TELCO}.
 */
public final class CustomerFields {

    /** The kind of value a field holds, which decides how it is read and written. */
    public enum Kind {
        /** The customer's id: text, never shared with other rows. */
        ID,
        /** Text from a small set of values (categories, the label). */
        TEXT,
        INTEGER,
        /** A decimal number; the schema may also allow it as text. */
        NUMBER,
        /** An RFC 3339 instant. */
        DATE_TIME
    }

    /** One field: its position in the table, its name on the wire and in the CSV header, its kind. */
    public record Field(int index, String name, Kind kind, boolean inCsv) {
        public boolean numeric() {
            return kind == Kind.INTEGER || kind == Kind.NUMBER;
        }
    }

    /** The Telco Customer Churn dataset's 21 columns plus the event time. */
    public static final CustomerFields TELCO = new CustomerFields(List.of())
            .with("customerID", Kind.ID).with("gender", Kind.TEXT).with("SeniorCitizen", Kind.INTEGER)
            .with("Partner", Kind.TEXT).with("Dependents", Kind.TEXT).with("tenure", Kind.INTEGER)
            .with("PhoneService", Kind.TEXT).with("MultipleLines", Kind.TEXT).with("InternetService", Kind.TEXT)
            .with("OnlineSecurity", Kind.TEXT).with("OnlineBackup", Kind.TEXT).with("DeviceProtection", Kind.TEXT)
            .with("TechSupport", Kind.TEXT).with("StreamingTV", Kind.TEXT).with("StreamingMovies", Kind.TEXT)
            .with("Contract", Kind.TEXT).with("PaperlessBilling", Kind.TEXT).with("PaymentMethod", Kind.TEXT)
            .with("MonthlyCharges", Kind.NUMBER).with("TotalCharges", Kind.NUMBER).with("Churn", Kind.TEXT)
            .withoutCsv("event_ts", Kind.DATE_TIME);

    public static final Field CUSTOMER_ID = TELCO.field("customerID");
    public static final Field GENDER = TELCO.field("gender");
    public static final Field SENIOR_CITIZEN = TELCO.field("SeniorCitizen");
    public static final Field PARTNER = TELCO.field("Partner");
    public static final Field DEPENDENTS = TELCO.field("Dependents");
    public static final Field TENURE = TELCO.field("tenure");
    public static final Field PHONE_SERVICE = TELCO.field("PhoneService");
    public static final Field MULTIPLE_LINES = TELCO.field("MultipleLines");
    public static final Field INTERNET_SERVICE = TELCO.field("InternetService");
    public static final Field ONLINE_SECURITY = TELCO.field("OnlineSecurity");
    public static final Field ONLINE_BACKUP = TELCO.field("OnlineBackup");
    public static final Field DEVICE_PROTECTION = TELCO.field("DeviceProtection");
    public static final Field TECH_SUPPORT = TELCO.field("TechSupport");
    public static final Field STREAMING_TV = TELCO.field("StreamingTV");
    public static final Field STREAMING_MOVIES = TELCO.field("StreamingMovies");
    public static final Field CONTRACT = TELCO.field("Contract");
    public static final Field PAPERLESS_BILLING = TELCO.field("PaperlessBilling");
    public static final Field PAYMENT_METHOD = TELCO.field("PaymentMethod");
    public static final Field MONTHLY_CHARGES = TELCO.field("MonthlyCharges");
    public static final Field TOTAL_CHARGES = TELCO.field("TotalCharges");
    public static final Field CHURN = TELCO.field("Churn");
    public static final Field EVENT_TS = TELCO.field("event_ts");

    private final List<Field> fields;
    private final List<Field> csvColumns;
    private final Map<String, Field> byName = new HashMap<>();

    private CustomerFields(List<Field> fields) {
        this.fields = List.copyOf(fields);
        this.csvColumns = this.fields.stream().filter(Field::inCsv).toList();
        for (Field f : this.fields) {
            if (byName.put(f.name(), f) != null) {
                throw new IllegalArgumentException("field " + f.name() + " appears twice");
            }
        }
    }

    /**
     * This table with one more field at the end. The fields before it keep their positions, so the constants of a
     * table stay valid for records of the longer one: how a contract grows by a column.
     */
    public CustomerFields with(String name, Kind kind) {
        return add(name, kind, true);
    }

    /** Like {@link #with}, for a field that travels on the wire but is no CSV column (as the event time). */
    public CustomerFields withoutCsv(String name, Kind kind) {
        return add(name, kind, false);
    }

    private CustomerFields add(String name, Kind kind, boolean inCsv) {
        List<Field> more = new ArrayList<>(fields);
        more.add(new Field(fields.size(), name, kind, inCsv));
        return new CustomerFields(more);
    }

    public List<Field> all() {
        return fields;
    }

    /** The dataset's CSV columns, in file order. */
    public List<Field> csvColumns() {
        return csvColumns;
    }

    public int size() {
        return fields.size();
    }

    /** The field called {@code name}, or null when the contract has none. */
    public Field find(String name) {
        return byName.get(name);
    }

    public Field field(String name) {
        Field f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no customer field " + name);
        }
        return f;
    }

    /** The CSV header line. */
    public String csvHeader() {
        return String.join(",", csvColumns.stream().map(Field::name).toList());
    }

    @Override
    public String toString() {
        return fields.stream().map(Field::name).toList().toString();
    }
}
