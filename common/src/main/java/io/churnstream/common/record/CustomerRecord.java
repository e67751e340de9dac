package io.churnstream.common.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * One customer of the Telco Customer Churn dataset, as it travels on the raw topic.
 * JSON keys are exactly the dataset's column names plus {@code event_ts}.
 * {@code totalCharges} is null where the dataset has a blank, and is then written as {@code null}; it is read from a
 * number, a decimal string or a blank string alike. {@code churn} is null for live traffic.
 */
@JsonPropertyOrder({"customerID", "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService",
        "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport",
        "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod", "MonthlyCharges",
        "TotalCharges", "Churn", "event_ts"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerRecord(
        @JsonProperty("customerID") String customerId,
        @JsonProperty("gender") String gender,
        @JsonProperty("SeniorCitizen") Integer seniorCitizen,
        @JsonProperty("Partner") String partner,
        @JsonProperty("Dependents") String dependents,
        @JsonProperty("tenure") Integer tenure,
        @JsonProperty("PhoneService") String phoneService,
        @JsonProperty("MultipleLines") String multipleLines,
        @JsonProperty("InternetService") String internetService,
        @JsonProperty("OnlineSecurity") String onlineSecurity,
        @JsonProperty("OnlineBackup") String onlineBackup,
        @JsonProperty("DeviceProtection") String deviceProtection,
        @JsonProperty("TechSupport") String techSupport,
        @JsonProperty("StreamingTV") String streamingTv,
        @JsonProperty("StreamingMovies") String streamingMovies,
        @JsonProperty("Contract") String contract,
        @JsonProperty("PaperlessBilling") String paperlessBilling,
        @JsonProperty("PaymentMethod") String paymentMethod,
        @JsonProperty("MonthlyCharges") Double monthlyCharges,
        @JsonProperty("TotalCharges") @JsonInclude(JsonInclude.Include.ALWAYS)
        @JsonDeserialize(using = DecimalText.Deserializer.class) Double totalCharges,
        @JsonProperty("Churn") String churn,
        @JsonProperty("event_ts") String eventTs) {

    /** The dataset's column names in file order (without {@code event_ts}). */
    public static final java.util.List<String> CSV_COLUMNS = java.util.List.of("customerID", "gender", "SeniorCitizen",
            "Partner", "Dependents", "tenure", "PhoneService", "MultipleLines", "InternetService", "OnlineSecurity",
            "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies", "Contract",
            "PaperlessBilling", "PaymentMethod", "MonthlyCharges", "TotalCharges", "Churn");

    /** The same customer stamped with a new event time. */
    public CustomerRecord withEventTs(String ts) {
        return new CustomerRecord(customerId, gender, seniorCitizen, partner, dependents, tenure, phoneService,
                multipleLines, internetService, onlineSecurity, onlineBackup, deviceProtection, techSupport,
                streamingTv, streamingMovies, contract, paperlessBilling, paymentMethod, monthlyCharges,
                totalCharges, churn, ts);
    }
}
