package io.churnstream.common.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where a command's end-of-run summary goes, shared by every command that writes one. */
public final class ReportOptions {

    @Option(names = "--reports-dir", paramLabel = "DIR", defaultValue = "reports",
            description = "Where the run summary is written on exit: <tool>_<mode>_summary_<UTC>.json "
                + "(the consumer adds an HTML view beside it).")
    Path reportsDir;

    public Path dir() {
        return reportsDir;
    }
}
