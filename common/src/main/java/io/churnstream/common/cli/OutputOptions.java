package io.churnstream.common.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Verbosity and log location, shared by every command. Diagnostics go to stderr and the log file, data to stdout. */
public final class OutputOptions {

    @Option(names = {"-v", "--verbose"}, description = "More detail on stderr, including stack traces of failures.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Only warnings and errors on stderr.")
    boolean quiet;

    @Option(names = "--log-dir", paramLabel = "DIR", defaultValue = "logs",
            description = "Directory of the rolling log file.")
    Path logDir;

    /** Points logging at the console and {@code <log-dir>/<fileName>} at the chosen verbosity. */
    public void applyLogging(String fileName) {
        LogSetup.configure(logDir.resolve(fileName), verbose, quiet);
    }
}
