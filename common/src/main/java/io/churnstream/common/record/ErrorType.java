package io.churnstream.common.record;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a record went to the dead-letter topic. */
public enum ErrorType {
    PARSE_ERROR,
    VALIDATION_ERROR,
    INFERENCE_ERROR,
    PROCESSING_ERROR;

    /** The wire name, e.g. {@code parse_error}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
