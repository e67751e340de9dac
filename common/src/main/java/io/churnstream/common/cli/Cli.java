package io.churnstream.common.cli;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.churnstream.common.kafka.KafkaFailures;
import io.churnstream.common.kafka.Secrets;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds a {@link CommandLine} with the project's conventions for every command in its tree: one line per expected
 * failure, exit codes from {@link ExitCodes} and the same "Exit codes" help generated from them, and a missing
 * subcommand refused the same way in every tool.
 */
public final class Cli {

    private Cli() {
    }

    public static CommandLine create(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionStrategy(Cli::execute);
        cli.setExecutionExceptionHandler(new FailureHandler());
        cli.setParameterExceptionHandler(Cli::usageError);
        cli.setExitCodeExceptionMapper(e -> e instanceof CliException c ? c.exitCode() : ExitCodes.RUNTIME_FAILURE);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        describeExitCodes(cli);
        return cli;
    }

    /** Sets every command's "Exit codes" help; a command without Kafka options anywhere below it cannot fail to reach Kafka. */
    private static boolean describeExitCodes(CommandLine cmd) {
        CommandSpec spec = cmd.getCommandSpec();
        boolean reachesKafka = hasKafkaOptions(spec);
        for (CommandLine sub : subcommands(spec)) {
            reachesKafka |= describeExitCodes(sub);
        }
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.help(reachesKafka));
        return reachesKafka;
    }

    /** Whether {@code spec} takes {@link KafkaOptions}, directly or through a mixin of its mixins. */
    private static boolean hasKafkaOptions(CommandSpec spec) {
        return spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof KafkaOptions || hasKafkaOptions(m));
    }

    /** Help and version requests first; then a command that only groups subcommands needs one of them. */
    private static int execute(ParseResult parsed) {
        Secrets.rememberArguments(parsed.originalArgs().toArray(new String[0]));
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        List<String> names = subcommands(last.commandSpec()).stream()
                .filter(sub -> !sub.getCommandSpec().usageMessage().hidden()).map(CommandLine::getCommandName).toList();
        if (!names.isEmpty()) {
            throw new ParameterException(last.commandSpec().commandLine(),
                    "missing subcommand: choose one of " + String.join(", ", names));
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** Distinct subcommands in declaration order (the spec's map also holds each alias). */
    private static Set<CommandLine> subcommands(CommandSpec spec) {
        return new LinkedHashSet<>(spec.subcommands().values());
    }

    /**
     * Wrong flags or a missing subcommand: one line with the problem, any close match, and a pointer to {@code --help};
     * a secret among the arguments is masked, since the problem may quote it.
     */
    private static int usageError(ParameterException e, String[] args) {
        Secrets.rememberArguments(args);
        CommandLine cmd = e.getCommandLine();
        List<String> suggestions = e instanceof UnmatchedArgumentException u ? u.getSuggestions() : List.of();
        cmd.getErr().println(Secrets.mask("error: " + e.getMessage()
                + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)")
                + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'"));
        cmd.getErr().flush();
        return ExitCodes.USAGE;
    }

    /**
     * Failures during the run: a message, and the stack trace only with {@code -v}, every secret masked. A refusal
     * by Kafka that no command explained still exits {@link ExitCodes#ACCESS_DENIED}.
     */
    private static final class FailureHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
            PrintWriter err = cmd.getErr();
            boolean verbose = verbose(parsed);
            if (e instanceof CliException c) {
                err.println(Secrets.mask("error: " + c.getMessage()));
                if (verbose) {
                    err.println(Secrets.mask(stackTrace(e)));
                }
                return c.exitCode();
            }
            err.println(Secrets.mask("error: " + describe(e) + (verbose ? "" : " (run with -v for details)")));
            if (verbose) {
                err.println(Secrets.mask(stackTrace(e)));
            }
            return KafkaFailures.isRefusal(e) ? ExitCodes.ACCESS_DENIED : ExitCodes.RUNTIME_FAILURE;
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
