package io.churnstream.consumer.pipeline;

/** A poll's outputs or offsets did not reach the broker; nothing of that poll is committed, so it can be retried. */
public final class DeliveryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeliveryException(String message, Throwable cause) {
        super(message + ": " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage());
    }
}
