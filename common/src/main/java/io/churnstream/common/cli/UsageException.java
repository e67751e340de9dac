package io.churnstream.common.cli;

/** The user asked for something impossible: a missing file, a bad value, a model that will not load. */
public final class UsageException extends CliException {

    public UsageException(String message) {
        super(ExitCodes.USAGE, message);
    }

    public UsageException(String message, Throwable cause) {
        super(ExitCodes.USAGE, message, cause);
    }
}
