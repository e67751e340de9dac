package io.churnstream.model;

import java.util.Locale;

/**
 * Why a model version was refused, as the {@code reason} of metrics, logs and {@code model publish}. The checks run
 * in this order, and the first that fails names the refusal.
 */
public enum RefusalReason {
    /** Not a model record (not JSON, fields missing, bad encoding), not PMML, or not a classifier this library scores. */
    UNPARSEABLE,
    /** The PMML's SHA-256 is not the one its record states, or the version id does not carry it. */
    DIGEST_MISMATCH,
    /** The model's inputs or its target are not the customer contract's: fields, kinds or categories differ. */
    CONTRACT_MISMATCH,
    /** The model has no ModelVerification rows, or jpmml-evaluator's {@code verify()} fails on them. */
    VERIFICATION_FAILED,
    /** The compiled scorer gives other probabilities than jpmml-evaluator on generated customers. */
    SCORER_DISAGREES,
    /** A role names a version the models topic does not hold. */
    UNKNOWN_VERSION;

    /** The lower-case name used in metrics labels, logs and the topic documentation. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
