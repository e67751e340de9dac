package io.churnstream.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;

/**
 * A child process with its output (stdout and stderr) appended to one file: start, wait for a line, wait for the
 * exit with a timeout, stop with SIGTERM and then SIGKILL (descendants included). All of the bench's process
 * handling is here, so it can give way to the project's launcher in one place.
 */
final class ChildProcess implements AutoCloseable {

    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final long POLL_MILLIS = 20;
    private static final Pattern STACK_FRAME = Pattern.compile("^(at \\S+\\(.*\\)|\\.\\.\\. \\d+ more)$");

    private final String name;
    private final Process process;
    private final Path output;
    private final long startedMillis;

    private ChildProcess(String name, Process process, Path output, long startedMillis) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.startedMillis = startedMillis;
    }

    /** Starts {@code command} in {@code dir} with {@code env} added to this process's environment. */
    static ChildProcess start(String name, List<String> command, Path output, Path dir, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(env);
        long started = System.currentTimeMillis();
        try {
            ChildProcess child = new ChildProcess(name, builder.start(), output, started);
            LIVE.add(child);
            return child;
        } catch (IOException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot start " + name + " (" + command.get(0) + "): " + e.getMessage());
        }
    }

    /** Stops every child still running: for a stop request or a failure. */
    static void stopAll() {
        for (ChildProcess child : List.copyOf(LIVE)) {
            child.close();
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** Wall clock just before the start, ms since the epoch. */
    long startedMillis() {
        return startedMillis;
    }

    Path output() {
        return output;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The exit code; stops the process and fails when it runs longer than {@code timeout}. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(Duration.ofSeconds(10));
                throw new CliException(ExitCodes.RUNTIME_FAILURE, name + " did not finish within " + timeout.toSeconds()
                        + " s and was stopped (output: " + output + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while waiting for " + name);
        }
        LIVE.remove(this);
        return process.exitValue();
    }

    /** As {@link #awaitExit}, failing with the output's last line unless the exit code is 0. */
    void awaitSuccess(Duration timeout) {
        int code = awaitExit(timeout);
        if (code != 0) {
            throw failed("exit " + code);
        }
    }

    /** Waits until a line of the output starts with {@code prefix}; returns it. Fails if the process ends first. */
    String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (InputStream in = Files.newInputStream(output)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                int n = in.read(buffer);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        line.write(buffer[i]);
                    } else if (line.toString(StandardCharsets.UTF_8).startsWith(prefix)) {
                        return line.toString(StandardCharsets.UTF_8);
                    } else {
                        line.reset();
                    }
                }
                if (n > 0) {
                    continue;
                }
                if (!process.isAlive()) {
                    LIVE.remove(this);
                    throw failed("exit " + process.exitValue() + " before printing '" + prefix.strip() + "'");
                }
                if (System.nanoTime() > deadline) {
                    throw failed("no line starting '" + prefix.strip() + "' within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while waiting for " + name);
        }
    }

    /** SIGTERM to the process and its descendants, SIGKILL to those still running after {@code grace}; the exit code. */
    int stop(Duration grace) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(0, process.toHandle());
        all.forEach(ProcessHandle::destroy);
        if (!allEnded(all, grace)) {
            all.forEach(ProcessHandle::destroyForcibly);
            allEnded(all, Duration.ofSeconds(10));
        }
        LIVE.remove(this);
        return process.isAlive() ? -1 : process.exitValue();
    }

    private static boolean allEnded(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** A failure naming this process, its last line of output and where the rest is. */
    CliException failed(String why) {
        return new CliException(ExitCodes.RUNTIME_FAILURE, name + " failed (" + why + ")" + lastLine() + " (output: " + output + ")");
    }

    /** The last line that says something: not blank, not a stack frame. */
    private String lastLine() {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !STACK_FRAME.matcher(line).matches()) {
                    return ": " + line;
                }
            }
        } catch (IOException e) {
            // the message still names the file
        }
        return "";
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(10));
        }
        LIVE.remove(this);
    }
}
