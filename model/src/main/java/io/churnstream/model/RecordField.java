package io.churnstream.model;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.churnstream.common.record.CustomerRecord;

/** The {@link CustomerRecord} columns a PMML model may use as inputs, keyed by dataset column name. */
enum RecordField {
    GENDER("gender", false, false, CustomerRecord::gender),
    SENIOR_CITIZEN("SeniorCitizen", true, false, CustomerRecord::seniorCitizen),
    PARTNER("Partner", false, false, CustomerRecord::partner),
    DEPENDENTS("Dependents", false, false, CustomerRecord::dependents),
    TENURE("tenure", true, false, CustomerRecord::tenure),
    PHONE_SERVICE("PhoneService", false, false, CustomerRecord::phoneService),
    MULTIPLE_LINES("MultipleLines", false, false, CustomerRecord::multipleLines),
    INTERNET_SERVICE("InternetService", false, false, CustomerRecord::internetService),
    ONLINE_SECURITY("OnlineSecurity", false, false, CustomerRecord::onlineSecurity),
    ONLINE_BACKUP("OnlineBackup", false, false, CustomerRecord::onlineBackup),
    DEVICE_PROTECTION("DeviceProtection", false, false, CustomerRecord::deviceProtection),
    TECH_SUPPORT("TechSupport", false, false, CustomerRecord::techSupport),
    STREAMING_TV("StreamingTV", false, false, CustomerRecord::streamingTv),
    STREAMING_MOVIES("StreamingMovies", false, false, CustomerRecord::streamingMovies),
    CONTRACT("Contract", false, false, CustomerRecord::contract),
    PAPERLESS_BILLING("PaperlessBilling", false, false, CustomerRecord::paperlessBilling),
    PAYMENT_METHOD("PaymentMethod", false, false, CustomerRecord::paymentMethod),
    MONTHLY_CHARGES("MonthlyCharges", true, false, CustomerRecord::monthlyCharges),
    /** Blank in the dataset for brand-new customers; the model imputes it like sklearn's SimpleImputer. */
    TOTAL_CHARGES("TotalCharges", true, true, CustomerRecord::totalCharges);

    private static final Map<String, RecordField> BY_COLUMN = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(RecordField::column, Function.identity()));

    private final String column;
    private final boolean numeric;
    private final boolean nullable;
    private final Function<CustomerRecord, Object> accessor;

    RecordField(String column, boolean numeric, boolean nullable, Function<CustomerRecord, Object> accessor) {
        this.column = column;
        this.numeric = numeric;
        this.nullable = nullable;
        this.accessor = accessor;
    }

    static Optional<RecordField> byColumn(String column) {
        return Optional.ofNullable(BY_COLUMN.get(column));
    }

    String column() {
        return column;
    }

    boolean numeric() {
        return numeric;
    }

    boolean nullable() {
        return nullable;
    }

    Object valueOf(CustomerRecord record) {
        return accessor.apply(record);
    }
}
