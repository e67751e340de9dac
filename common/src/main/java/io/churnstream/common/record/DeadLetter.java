package io.churnstream.common.record;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A record the consumer could not score, with where it came from and why.
 * {@code originalMessage} is the parsed JSON, or a text node with the raw text, or base64 of bytes that are not UTF-8.
 */
@JsonPropertyOrder({"original_message", "original_encoding", "original_truncated", "original_size_bytes", "error_type",
        "error_message", "validation_errors", "source_topic", "source_partition", "source_offset", "failed_ts",
        "consumer_group"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        @JsonProperty("original_message") JsonNode originalMessage,
        @JsonProperty("original_encoding") String originalEncoding,
        @JsonProperty("original_truncated") Boolean originalTruncated,
        @JsonProperty("original_size_bytes") Integer originalSizeBytes,
        @JsonProperty("error_type") ErrorType errorType,
        @JsonProperty("error_message") String errorMessage,
        @JsonProperty("validation_errors") List<String> validationErrors,
        @JsonProperty("source_topic") String sourceTopic,
        @JsonProperty("source_partition") int sourcePartition,
        @JsonProperty("source_offset") long sourceOffset,
        @JsonProperty("failed_ts") String failedTs,
        @JsonProperty("consumer_group") String consumerGroup) {

    /** Header names that repeat the dead letter's context as text, for tools that filter without parsing. */
    public static final String HEADER_ERROR_TYPE = "churn.error.type";
    public static final String HEADER_ERROR_MESSAGE = "churn.error.message";
    public static final String HEADER_SOURCE_TOPIC = "churn.source.topic";
    public static final String HEADER_SOURCE_PARTITION = "churn.source.partition";
    public static final String HEADER_SOURCE_OFFSET = "churn.source.offset";
    /** How {@code original_message} holds the input: json, text, base64 or null (a tombstone). */
    public static final String HEADER_ORIGINAL_ENCODING = "churn.original.encoding";
    /** Set only when the original was truncated: its full size. */
    public static final String HEADER_ORIGINAL_SIZE_BYTES = "churn.original.size.bytes";
}
