package io.churnstream.common.record;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A scored customer, as published on the predictions topic. */
@JsonPropertyOrder({"customerID", "churn_probability", "prediction", "event_ts", "processed_ts",
        "inference_latency_ms", "model_version"})
public record Prediction(
        @JsonProperty("customerID") String customerId,
        @JsonProperty("churn_probability") double churnProbability,
        @JsonProperty("prediction") String prediction,
        @JsonProperty("event_ts") String eventTs,
        @JsonProperty("processed_ts") String processedTs,
        @JsonProperty("inference_latency_ms") double inferenceLatencyMs,
        @JsonProperty("model_version") String modelVersion) {
}
