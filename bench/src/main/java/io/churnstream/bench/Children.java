package io.churnstream.bench;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.process.JvmProcess;

/**
 * The run's child processes: each one's output in {@code logs/NAME.log}, its failures in one line quoting what it
 * said last, and every one still running stopped, with what it started, on the way out.
 */
final class Children {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Pattern STACK_FRAME = Pattern.compile("^(at \\S+\\(.*\\)|\\.\\.\\. \\d+ more)$");

    private final Path logs;
    private final Path workDir;
    private final Set<Child> live = ConcurrentHashMap.newKeySet();

    /** Children writing their output to {@code logs} and running in {@code workDir}. */
    Children(Path logs, Path workDir) {
        this.logs = logs;
        this.workDir = workDir;
    }

    Child start(String name, JvmProcess.Launch launch) {
        Path log = logs.resolve(name + ".log");
        long started = System.currentTimeMillis();
        try {
            Child child = new Child(name, launch.workDir(workDir).output(log).start(), log, started);
            live.add(child);
            return child;
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, e.getMessage());
        }
    }

    /** Stops every child still running: for a stop request or a failure. */
    void stopAll() {
        for (Child child : List.copyOf(live)) {
            child.close();
        }
    }

    /** One child process, named for the report and the log file. */
    final class Child implements AutoCloseable {

        private final String name;
        private final JvmProcess process;
        private final Path log;
        private final long startedMillis;

        private Child(String name, JvmProcess process, Path log, long startedMillis) {
            this.name = name;
            this.process = process;
            this.log = log;
            this.startedMillis = startedMillis;
        }

        long pid() {
            return process.pid();
        }

        /** Wall clock just before the start, ms since the epoch. */
        long startedMillis() {
            return startedMillis;
        }

        Path log() {
            return log;
        }

        /** Waits for a zero exit; a child still running after {@code timeout} is stopped and reported. */
        void awaitSuccess(Duration timeout) {
            boolean exited;
            try {
                exited = process.waitFor(timeout);
            } catch (IllegalStateException e) {
                throw interrupted(e);
            }
            if (!exited) {
                close();
                throw new CliException(ExitCodes.RUNTIME_FAILURE, name + " did not finish within " + timeout.toSeconds()
                        + " s and was stopped (output: " + log + ")");
            }
            live.remove(this);
            if (process.exitCode() != 0) {
                throw failed("exit " + process.exitCode());
            }
        }

        /** Waits until a line of the output starts with {@code prefix}; returns it. Fails if the child ends first. */
        String awaitLine(String prefix, Duration timeout) {
            try {
                return process.awaitLine(line -> line.startsWith(prefix), timeout);
            } catch (IllegalStateException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw interrupted(e);
                }
                if (!process.isAlive()) {
                    live.remove(this);
                    throw failed("exit " + process.exitCode() + " before printing '" + prefix.strip() + "'");
                }
                throw failed("no line starting '" + prefix.strip() + "' within " + timeout.toSeconds() + " s");
            }
        }

        /** SIGTERM to the child and what it started, SIGKILL to those still running after {@code grace}. */
        void stop(Duration grace) {
            process.stopTree(grace);
            live.remove(this);
        }

        /** A failure naming this child, its last line of output and where the rest is. */
        CliException failed(String why) {
            return new CliException(ExitCodes.RUNTIME_FAILURE, name + " failed (" + why + ")" + lastLine() + " (output: " + log + ")");
        }

        /** The last line that says something: not blank, not a stack frame. */
        private String lastLine() {
            List<String> lines = process.output().lines().map(String::strip).toList();
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isEmpty() && !STACK_FRAME.matcher(lines.get(i)).matches()) {
                    return ": " + lines.get(i);
                }
            }
            return "";
        }

        /** Stops the child (waiting for it, so with the interrupt put aside until then) and says why. */
        private CliException interrupted(IllegalStateException e) {
            Thread.interrupted();
            try {
                close();
            } finally {
                Thread.currentThread().interrupt();
            }
            return new CliException(ExitCodes.INTERRUPTED, "interrupted while waiting for " + name, e);
        }

        /** Stops the child, and what it started, if it still runs. */
        @Override
        public void close() {
            if (process.isAlive()) {
                stop(STOP_GRACE);
            }
            live.remove(this);
        }
    }
}
