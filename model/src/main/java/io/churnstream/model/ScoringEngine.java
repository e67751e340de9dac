package io.churnstream.model;

/** Which evaluator scores a model. */
public enum ScoringEngine {
    /**
     * The compiled tree-ensemble scorer when the PMML has the shape it supports and it agrees with jpmml-evaluator
     * on generated customers at load; jpmml-evaluator otherwise.
     */
    AUTO,
    /** jpmml-evaluator for every record. */
    JPMML
}
