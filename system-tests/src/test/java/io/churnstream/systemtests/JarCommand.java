package io.churnstream.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.churnstream.common.process.JvmProcess;
import io.churnstream.common.tools.TopicsTool;

/**
 * Every command of both jars that talks to Kafka, run the way a user runs it, each in a directory of its own that
 * receives its stdout, stderr, log file and any report or sample. The topics tool runs from producer.jar (consumer.jar
 * carries the same one). A command's own arguments keep a run short (a few events, a few rows, one record); an option
 * given again by the caller replaces its own.
 */
enum JarCommand {

    PRODUCER_STREAMING(Jars.PRODUCER, List.of("streaming", "--max-events", "5", "--events-per-sec", "50"), true),
    PRODUCER_BATCH(Jars.PRODUCER, List.of("batch", "--rows", "20", "--checkpoint", "checkpoint.json"), true),
    CONSUMER_STREAMING(Jars.CONSUMER, List.of("streaming"), true),
    CONSUMER_BATCH(Jars.CONSUMER, List.of("batch", "--max-messages", "1", "--timeout-ms", "5000"), true),
    TOPICS_CREATE(null, List.of("create"), false),
    TOPICS_DUMP(null, List.of("dump", "3", "--out-dir", "samples"), false),
    TOPICS_SEND(null, List.of("send", "--file", "lines.txt"), false);

    /** The line {@link #TOPICS_SEND} sends. */
    static final String SENT_LINE = "{\"customerID\": \"sent-by-the-topics-tool\"}";

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    private final Path jar;
    private final List<String> args;
    private final boolean reports;

    JarCommand(Path jar, List<String> args, boolean reports) {
        this.jar = jar;
        this.args = args;
        this.reports = reports;
    }

    /** What a finished run left: its exit code, its two streams and how long it took. */
    record Result(int exitCode, String stdout, String stderr, Duration elapsed, Path dir) {

        /** The lines of stderr that start with {@code error: }. */
        List<String> errorLines() {
            return stderr.lines().filter(l -> l.startsWith("error: ")).toList();
        }

        String describe() {
            return "exit " + exitCode + " after " + elapsed.toMillis() + " ms\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** Starts the command in {@code dir} with {@code extra} arguments after its own, replacing its own of the same name. */
    JvmProcess start(Path dir, List<String> extra) {
        try {
            Files.createDirectories(dir);
            if (this == TOPICS_SEND) {
                Files.writeString(dir.resolve("lines.txt"), SENT_LINE + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (extra.contains(args.get(i))) {
                i++;
            } else {
                command.add(args.get(i));
            }
        }
        command.addAll(List.of("--log-dir", "logs"));
        if (reports) {
            command.addAll(List.of("--reports-dir", "reports"));
        }
        command.addAll(extra);
        JvmProcess.Launch launch = jar != null
                ? JvmProcess.jar(jar).jvmOptions("-Xmx512m", "-XX:TieredStopAtLevel=1").args(command)
                : JvmProcess.jdkTool("java").args("-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                        Jars.PRODUCER.toAbsolutePath().toString(), TopicsTool.class.getName()).args(command);
        return launch.workDir(dir).output(dir.resolve("stdout.txt")).errors(dir.resolve("stderr.txt")).start();
    }

    /** Runs the command in {@code dir} to its end; fails if it takes longer than three minutes. */
    Result run(Path dir, List<String> extra) {
        long start = System.nanoTime();
        try (JvmProcess process = start(dir, extra)) {
            int exit = process.awaitExit(RUN_TIMEOUT);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new Result(exit, read(dir.resolve("stdout.txt")), read(dir.resolve("stderr.txt")), elapsed, dir);
        }
    }

    /** Every file under {@code dir}, for searching what runs wrote. */
    static List<Path> filesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
