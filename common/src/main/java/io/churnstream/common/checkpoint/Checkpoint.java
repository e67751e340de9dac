package io.churnstream.common.checkpoint;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Resume position of a run: every data row before {@code nextRow} (0-based) of {@code input} has been acknowledged. */
public record Checkpoint(@JsonProperty("version") int version, @JsonProperty("input") FileIdentity input,
                         @JsonProperty("nextRow") long nextRow, @JsonProperty("updatedAt") String updatedAt) {

    public static final int CURRENT_VERSION = 1;

    public static Checkpoint of(FileIdentity input, long nextRow) {
        return new Checkpoint(CURRENT_VERSION, input, nextRow, java.time.Instant.now().toString());
    }
}
