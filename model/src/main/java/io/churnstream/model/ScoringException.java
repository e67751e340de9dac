package io.churnstream.model;

/** A record the model cannot score faithfully; the message names the field and the problem. */
public final class ScoringException extends Exception {

    private static final long serialVersionUID = 1L;

    public ScoringException(String message) {
        super(message);
    }

    public ScoringException(String message, Throwable cause) {
        super(message, cause);
    }
}
