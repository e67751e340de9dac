package io.churnstream.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;

import io.churnstream.common.cli.Cli;
import picocli.CommandLine;

/** Runs a command in process the way {@code main} would, capturing stdout and stderr through picocli. */
public final class CliRun {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Supplier<?> commands;

    /** {@code commands} makes a fresh top-level command object for each run. */
    public CliRun(Supplier<?> commands) {
        this.commands = commands;
    }

    public int execute(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = Cli.create(commands.get());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }
}
