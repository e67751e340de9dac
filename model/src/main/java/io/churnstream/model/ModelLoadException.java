package io.churnstream.model;

/** The model cannot be loaded: file missing, not PMML, or not a model this library can score. */
public final class ModelLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
