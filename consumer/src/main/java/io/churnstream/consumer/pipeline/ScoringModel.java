package io.churnstream.consumer.pipeline;

/** A model as the processor uses it: what scores, and the {@code model_version} its predictions carry. */
public record ScoringModel(Scorer scorer, String version) {
}
