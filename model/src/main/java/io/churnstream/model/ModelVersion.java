package io.churnstream.model;

import java.util.Objects;

/**
 * Identifies the scoring model: its name, a short hash of the PMML bytes (the first 8 hex digits of their SHA-256) and
 * the training date ({@code "unknown"} when no model card came with it). {@link #toString()} is the predictions'
 * {@code model_version}.
 */
public record ModelVersion(String name, String contentHash, String trainedOn) {

    public ModelVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(trainedOn, "trainedOn");
    }

    /** The name and the hash, for example {@code churn-gbm-1a2b3c4d}: a published model's version on the models topic. */
    public String id() {
        return name + "-" + contentHash;
    }

    /** For example {@code churn-gbm-1a2b3c4d (2026-11-25)}. */
    @Override
    public String toString() {
        return id() + " (" + trainedOn + ")";
    }
}
