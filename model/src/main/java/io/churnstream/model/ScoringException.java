package io.churnstream.model;

/** A record the model cannot score faithfully; {@link #reason()} tells the caller how to route it. */
public final class ScoringException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a record was refused. */
    public enum Reason {
        /** A categorical value the model never saw in training. */
        UNKNOWN_CATEGORY,
        /** A required field is null. */
        MISSING_VALUE,
        /** A number that is NaN or infinite. */
        INVALID_VALUE,
        /** The evaluator failed or produced no probability. */
        EVALUATION_FAILED
    }

    private final Reason reason;

    public ScoringException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ScoringException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
