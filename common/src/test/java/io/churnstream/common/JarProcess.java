package io.churnstream.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One of the project's fat jars run as a child process, the way users run it, so a test can SIGKILL, SIGTERM, SIGSTOP
 * and SIGCONT a real JVM. It runs in the directory of its output file, so relative paths in its arguments land there.
 * The JIT stops at C1: on a busy 2-core machine, C2's compiler threads cost these short-lived JVMs more than they give
 * back (a consumer run of 2,000 records took 9 s instead of 20 s).
 */
public final class JarProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final int TAIL_CHARS = 4000;

    private final Process process;
    private final Path output;

    private JarProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code java -jar jar args}; stdout and stderr are appended to {@code output}. */
    public static JarProcess start(Path jar, Path output, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(args);
        Path out = output.toAbsolutePath();
        try {
            Files.createDirectories(out.getParent());
            Process p = new ProcessBuilder(command).directory(out.getParent().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
            return new JarProcess(p, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + jar, e);
        }
    }

    /** Runs to completion and returns the exit code. */
    public static int run(Path jar, Path output, Duration timeout, List<String> args) {
        try (JarProcess p = start(jar, output, args)) {
            return p.waitFor(timeout);
        }
    }

    /** The exit code; fails with the output (and kills the process) if it runs longer than {@code timeout}. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError("process did not finish within " + timeout + "; output:\n" + tail(output()));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill9() {
        process.destroyForcibly();
        waitQuietly();
    }

    /** SIGTERM, then the exit code of the graceful stop. */
    public int terminate() {
        process.destroy();
        return waitFor(STOP_TIMEOUT);
    }

    /** SIGSTOP: the JVM stays alive but runs no thread, heartbeats included. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the process printed so far (stdout and stderr). */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Polls {@code condition} until it holds; fails with the end of this process's output otherwise. */
    public void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; output:\n" + tail(output()));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** The last few thousand characters of {@code text}: enough of a process's output for an assertion message. */
    public static String tail(String text) {
        return text.length() > TAIL_CHARS ? text.substring(text.length() - TAIL_CHARS) : text;
    }

    private void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitQuietly() {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process if it is still running (resuming it first, in case it was paused). */
    @Override
    public void close() {
        if (process.isAlive()) {
            resume();
            process.destroyForcibly();
            waitQuietly();
        }
    }
}
