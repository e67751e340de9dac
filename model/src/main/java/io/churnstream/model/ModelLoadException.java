package io.churnstream.model;

import java.util.Objects;

/**
 * The model cannot be loaded: file missing, not PMML, or not a model this library can score; for a published model,
 * also one that fails a check of {@link ChurnModel#admit}. {@link #reason()} says which check.
 */
public final class ModelLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RefusalReason reason;

    public ModelLoadException(String message) {
        this(RefusalReason.UNPARSEABLE, message, null);
    }

    public ModelLoadException(String message, Throwable cause) {
        this(RefusalReason.UNPARSEABLE, message, cause);
    }

    public ModelLoadException(RefusalReason reason, String message) {
        this(reason, message, null);
    }

    public ModelLoadException(RefusalReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RefusalReason reason() {
        return reason;
    }
}
