package io.churnstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bench table REPORT}: the Markdown table of an earlier report. */
@Command(name = "table", mixinStandardHelpOptions = true, description = "Prints the Markdown table of a reports/bench_<UTC>.json.")
final class TableCommand implements Callable<Integer> {

    @Parameters(paramLabel = "REPORT.json", description = "A report written by bench run.")
    Path report;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(report)) {
            throw new UsageException("no report at " + report);
        }
        System.out.print(Table.render(ToolOutputs.read(report)));
        return ExitCodes.OK;
    }
}
