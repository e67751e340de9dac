package io.churnstream.common.cli;

/** The exit codes of both jars, in one place. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int RUNTIME_FAILURE = 1;
    public static final int USAGE = 2;
    public static final int BROKER_UNREACHABLE = 3;
    public static final int INTERRUPTED = 130;

    /** For picocli's {@code exitCodeList}: shown under "Exit codes" in every {@code --help}. */
    public static final String[] HELP = {
        "0:success",
        "1:runtime failure (e.g. the broker rejected a write)",
        "2:bad usage or bad input (flag, file, model)",
        "3:Kafka broker unreachable",
        "130:interrupted before a clean stop"};

    private ExitCodes() {
    }
}
