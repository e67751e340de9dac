package io.churnstream.consumer.pipeline;

import io.churnstream.common.record.CustomerRecord;
import io.churnstream.model.Score;
import io.churnstream.model.ScoringException;

/** Scores one valid customer; {@code ChurnModel::score} in production. Must be thread-safe. */
@FunctionalInterface
public interface Scorer {

    Score score(CustomerRecord customer) throws ScoringException;
}
