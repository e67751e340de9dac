package io.churnstream.model;

import java.util.Objects;

/**
 * Identifies the scoring model: its name, a short hash of the PMML bytes and the training date
 * ({@code "unknown"} when no model card came with it). {@link #toString()} is the predictions' {@code model_version}.
 */
public record ModelVersion(String name, String contentHash, String trainedOn) {

    public ModelVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(trainedOn, "trainedOn");
    }

    /** For example {@code churn-gbm-1a2b3c4d (2026-11-25)}. */
    @Override
    public String toString() {
        return name + "-" + contentHash + " (" + trainedOn + ")";
    }
}
