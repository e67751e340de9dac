package io.churnstream.common.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Builds a {@link CommandLine} with the project's error conventions: one line per expected failure, exit codes from {@link ExitCodes}. */
public final class Cli {

    private Cli() {
    }

    public static CommandLine create(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler(new FailureHandler());
        cli.setParameterExceptionHandler(new UsageHandler());
        cli.setExitCodeExceptionMapper(e -> e instanceof CliException c ? c.exitCode() : ExitCodes.RUNTIME_FAILURE);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** Wrong flags: the problem and a pointer to {@code --help}, no usage dump. */
    private static final class UsageHandler implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            CommandLine cmd = e.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
            return ExitCodes.USAGE;
        }
    }

    /** Failures during the run: a message, and the stack trace only with {@code -v}. */
    private static final class FailureHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
            PrintWriter err = cmd.getErr();
            boolean verbose = verbose(parsed);
            if (e instanceof CliException c) {
                err.println("error: " + c.getMessage());
                if (verbose) {
                    err.println(stackTrace(e));
                }
                return c.exitCode();
            }
            err.println("error: " + describe(e) + (verbose ? "" : " (run with -v for details)"));
            if (verbose) {
                err.println(stackTrace(e));
            }
            return ExitCodes.RUNTIME_FAILURE;
        }

        private static boolean verbose(ParseResult parsed) {
            for (ParseResult p = parsed; p != null; p = p.subcommand()) {
                if (p.hasMatchedOption("-v")) {
                    return true;
                }
            }
            return false;
        }

        private static String stackTrace(Throwable e) {
            StringBuilder out = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                out.append(t == e ? "" : "Caused by: ").append(t).append('\n');
                for (StackTraceElement frame : t.getStackTrace()) {
                    out.append("\tat ").append(frame).append('\n');
                }
            }
            return out.toString();
        }

        private static String describe(Throwable e) {
            Throwable t = e;
            while (t.getCause() != null && t.getCause() != t && t.getMessage() == null) {
                t = t.getCause();
            }
            return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        }
    }
}
