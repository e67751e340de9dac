package io.churnstream.common.checkpoint;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Resume position of a run: every data row before {@code nextRow} (0-based) of {@code input} has been acknowledged
 * by {@code topic}. A position is only valid for the same input and the same topic: another topic has none of its rows.
 */
public record Checkpoint(@JsonProperty("version") int version, @JsonProperty("input") FileIdentity input,
                         @JsonProperty("topic") String topic, @JsonProperty("nextRow") long nextRow,
                         @JsonProperty("updatedAt") String updatedAt) {

    public static final int CURRENT_VERSION = 2;

    public static Checkpoint of(FileIdentity input, String topic, long nextRow) {
        return new Checkpoint(CURRENT_VERSION, input, topic, nextRow, java.time.Instant.now().toString());
    }

    /** Why this position cannot resume sending {@code input} to {@code topic}, or empty when it can. */
    public Optional<String> mismatch(FileIdentity input, String topic) {
        if (!this.input.equals(input)) {
            return Optional.of("belongs to another input (" + this.input.path() + ", " + this.input.size() + " bytes) than "
                    + input.path() + " (" + input.size() + " bytes)");
        }
        if (this.topic == null) {
            return Optional.of("names no topic (it was written by an older version)");
        }
        if (!topic.equals(this.topic)) {
            return Optional.of("records progress of " + input.path() + " to topic " + this.topic + ", not to " + topic);
        }
        return Optional.empty();
    }
}
