package io.churnstream.consumer.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.churnstream.common.record.Prediction;

/** A shadow model's prediction, as published on the shadow topic: a prediction, plus the active version it shadows. */
record ShadowPrediction(@JsonUnwrapped Prediction prediction, @JsonProperty("shadow_of") String shadowOf) {
}
