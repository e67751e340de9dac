package io.churnstream.consumer.pipeline;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnstream.common.record.DeadLetter;
import io.churnstream.common.record.ErrorType;

/** The body of a dead letter: churnstream's, or one the earlier Python system's dead-letter schema accepts. */
public enum DeadLetterFormat {
    /** {@link DeadLetter}: the original as it was, its encoding, the source partition and offset. */
    NATIVE,
    /**
     * The earlier system's closed schema: {@code original_message} always an object and its four error types; the
     * source partition, offset and encoding travel in the {@code churn.*} headers only.
     */
    LEGACY;

    /** The earlier system's error type: input that is not a customer message at all fails its schema too. */
    static String legacyErrorType(ErrorType type) {
        return switch (type) {
            case PARSE_ERROR, VALIDATION_ERROR -> "validation_error";
            case INFERENCE_ERROR -> "inference_error";
            case PROCESSING_ERROR -> "processing_error";
        };
    }

    /**
     * The original as an object: a JSON object stays as it is; anything else is wrapped under the key of its encoding
     * ({@code value} for other JSON or a tombstone's null, {@code text}, {@code base64}), with {@code truncated} and
     * {@code size_bytes} when only a prefix is kept.
     */
    static ObjectNode legacyOriginal(JsonNode original, String encoding, Integer truncatedFrom) {
        if (Failure.JSON.equals(encoding) && original.isObject() && truncatedFrom == null) {
            return (ObjectNode) original;
        }
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        String key = Failure.TEXT.equals(encoding) || Failure.BASE64.equals(encoding) ? encoding : "value";
        wrapped.set(key, original);
        if (truncatedFrom != null) {
            wrapped.put("truncated", true);
            wrapped.put("size_bytes", truncatedFrom);
        }
        return wrapped;
    }

    /** The earlier system's dead letter, field for field. */
    @JsonPropertyOrder({"original_message", "error_type", "error_message", "validation_errors", "source_topic",
            "failed_ts", "consumer_group"})
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Legacy(@JsonProperty("original_message") ObjectNode originalMessage,
                  @JsonProperty("error_type") String errorType,
                  @JsonProperty("error_message") String errorMessage,
                  @JsonProperty("validation_errors") List<String> validationErrors,
                  @JsonProperty("source_topic") String sourceTopic,
                  @JsonProperty("failed_ts") String failedTs,
                  @JsonProperty("consumer_group") String consumerGroup) {
    }
}
