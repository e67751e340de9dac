package io.churnstream.common.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A child JVM: a main class (of this JVM's class path or another), {@code -jar X.jar}, or a tool of this JDK such as
 * {@code keytool}. Its output is appended to a file, so it survives the child and can be read while the child runs;
 * the handle waits for a line there or for the exit, and sends SIGTERM, SIGKILL, SIGSTOP and SIGCONT (SIGTERM and
 * SIGKILL also to the processes the child started, on request). Failures carry the end of the output.
 */
public final class JvmProcess implements AutoCloseable {

    private static final int TAIL_CHARS = 4000;
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 50;

    private final String name;
    private final Process process;
    private final OutputFile output;
    private final OutputFile errors;
    private final Deque<String> unread = new ArrayDeque<>();

    private JvmProcess(String name, Process process, OutputFile output, OutputFile errors) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.errors = errors;
    }

    /** {@code java [jvm options] -cp <this JVM's class path> className [args]}. */
    public static Launch mainClass(String className) {
        return mainClass(className, System.getProperty("java.class.path"));
    }

    /** {@code java [jvm options] -cp <classPath, made absolute> className [args]}: a main class this JVM does not carry. */
    public static Launch mainClass(String className, String classPath) {
        String absolute = Arrays.stream(classPath.split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
        return new Launch(className.substring(className.lastIndexOf('.') + 1), List.of(java(), "-cp", absolute, className), "");
    }

    /** {@code java [jvm options] -jar jar [args]}. */
    public static Launch jar(Path jar) {
        return new Launch(String.valueOf(jar.getFileName()), List.of(java(), "-jar", jar.toAbsolutePath().toString()), "");
    }

    /** A launcher of this JDK, e.g. {@code keytool}; JVM options are passed to it as {@code -J<option>}. */
    public static Launch jdkTool(String tool) {
        return new Launch(tool, List.of(Path.of(System.getProperty("java.home"), "bin", tool).toString()), "-J");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the child prints a line that {@code match} accepts and returns it. Fails if the child exits first
     * or the time runs out (the child keeps running then).
     */
    public String awaitLine(Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean exited = !process.isAlive();
            Optional<String> line = nextLine(match);
            if (line.isPresent()) {
                return line.get();
            }
            if (exited) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " before printing the expected line; output:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not print the expected line within " + timeout.toSeconds()
                        + "s; output:\n" + tail());
            }
            sleep();
        }
    }

    /**
     * The next line that {@code match} accepts, without waiting. Each line is looked at once, in order, by this method
     * and {@link #awaitLine}: the lines before the match are passed over, those after it are left for the next call.
     */
    public Optional<String> nextLine(Predicate<String> match) {
        unread.addAll(output.newLines());
        while (!unread.isEmpty()) {
            String line = unread.poll();
            if (match.test(line)) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    /** Polls {@code condition} until it holds; fails with the end of the child's output when the time runs out. */
    public void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what + "; output of "
                        + name + ":\n" + tail());
            }
            sleep();
        }
    }

    /** True once the child has exited, false if it still runs after {@code timeout}. */
    public boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** The exit code of a child that has exited. */
    public int exitCode() {
        return process.exitValue();
    }

    /** The exit code; if the child still runs after {@code timeout} it is killed and this fails with its output. */
    public int awaitExit(Duration timeout) {
        if (!waitFor(timeout)) {
            close();
            throw new IllegalStateException(name + " did not finish within " + timeout + "; output:\n" + tail());
        }
        return process.exitValue();
    }

    /** SIGTERM, then SIGKILL if the child still runs after {@code grace}; returns the exit code. */
    public int stop(Duration grace) {
        terminate();
        if (!waitFor(grace)) {
            kill();
        }
        return process.exitValue();
    }

    /**
     * As {@link #stop}, for the child and every process it started, theirs included: SIGTERM to all, SIGKILL to those
     * still running after {@code grace}. For a child whose own children would outlive it, such as JMH with its forks.
     * Returns the child's exit code.
     */
    public int stopTree(Duration grace) {
        resume();
        // taken before the child can exit: its orphans are no longer its descendants
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        if (!allEnded(tree, grace)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            allEnded(tree, KILL_WAIT);
        }
        return process.exitValue();
    }

    private boolean allEnded(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot wait for process " + p.pid() + " of " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping " + name, e);
            }
        }
        return true;
    }

    /** SIGTERM without waiting (resuming the child first if it is paused): its shutdown hooks run. */
    public void terminate() {
        resume();
        process.destroy();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. Returns once the child is gone. */
    public void kill() {
        process.destroyForcibly();
        waitFor(KILL_WAIT);
    }

    /** SIGSTOP: the child stays alive but runs no thread, heartbeats included. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    /** What the child printed so far on stdout (and stderr, unless it goes to its own file). */
    public String output() {
        return output.read();
    }

    /** What the child printed on stderr, when {@link Launch#errors(Path)} gave it its own file. */
    public String errors() {
        return errors.read();
    }

    /** The end of the child's output (and of its errors, if separate): enough for a failure message. */
    public String tail() {
        return errors == output ? tail(output()) : tail(output()) + "\nstderr:\n" + tail(errors());
    }

    /** The last few thousand characters of {@code text}. */
    public static String tail(String text) {
        return text.length() > TAIL_CHARS ? text.substring(text.length() - TAIL_CHARS) : text;
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }

    private void signal(String signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes()).trim();
            if (kill.waitFor() != 0 && process.isAlive()) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + signal + " to " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + name, e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child process", e);
        }
    }

    /** What to start and where its output goes; {@link #output(Path)} is required. */
    public static final class Launch {

        private final String name;
        private final List<String> program;
        private final String optionPrefix;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path workDir;
        private Path output;
        private Path errors;

        private Launch(String name, List<String> program, String optionPrefix) {
            this.name = name;
            this.program = program;
            this.optionPrefix = optionPrefix;
        }

        /** JVM flags such as {@code -Xmx512m}, before the main class or jar. */
        public Launch jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        public Launch args(List<String> more) {
            args.addAll(more);
            return this;
        }

        public Launch args(String... more) {
            return args(List.of(more));
        }

        /** An environment variable of the child, e.g. a secret that must not appear on its command line. */
        public Launch environment(String key, String value) {
            environment.put(key, value);
            return this;
        }

        /** The child's working directory (default: this JVM's). */
        public Launch workDir(Path dir) {
            workDir = dir;
            return this;
        }

        /** The file stdout is appended to, and stderr too unless {@link #errors(Path)} is set. */
        public Launch output(Path file) {
            output = file;
            return this;
        }

        /** A file of its own for stderr. */
        public Launch errors(Path file) {
            errors = file;
            return this;
        }

        public JvmProcess start() {
            Objects.requireNonNull(output, "output file");
            List<String> command = new ArrayList<>(program.subList(0, 1));
            jvmOptions.forEach(o -> command.add(optionPrefix + o));
            command.addAll(program.subList(1, program.size()));
            command.addAll(args);
            try {
                OutputFile out = OutputFile.at(output);
                OutputFile err = errors == null ? out : OutputFile.at(errors);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
                if (errors == null) {
                    builder.redirectErrorStream(true);
                } else {
                    builder.redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()));
                }
                if (workDir != null) {
                    builder.directory(workDir.toFile());
                }
                builder.environment().putAll(environment);
                Process process = builder.start();
                process.getOutputStream().close();
                return new JvmProcess(name, process, out, err);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
            }
        }
    }
}
