package io.churnstream.consumer.pipeline;

/** A poll's outputs or offsets did not reach the broker; nothing of that poll is committed, so it can be retried. */
public final class DeliveryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What a refused poll leaves behind, for the line that stops the run. */
    static final String NOTHING_COMMITTED = "; nothing of the poll was committed, so a rerun after the fix scores it again";

    public DeliveryException(String message, Throwable cause) {
        super(message + ": " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage());
    }
}
