package io.churnstream.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.churnstream.common.TestJars;
import io.churnstream.common.checkpoint.Checkpoint;
import io.churnstream.common.json.Json;
import io.churnstream.common.process.JvmProcess;

/** One {@code producer.jar batch} command line, run, SIGKILLed and rerun unchanged, the way an operator would. */
final class ProducerBatch {

    private static final Duration PROGRESS_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private final Path work;
    private final Path checkpoint;
    private final List<String> args;
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** What a finished run left: its exit code and everything it printed (stdout and stderr). */
    record Result(int exitCode, String output) {
    }

    ProducerBatch(Path work, String bootstrap, Path input, String topic, List<String> options) {
        this.work = work;
        this.checkpoint = work.resolve("checkpoint.json");
        this.args = new ArrayList<>(List.of("batch", "--input", input.toString(), "--topic", topic,
                "--bootstrap-servers", bootstrap, "--checkpoint", checkpoint.toString(),
                "--log-dir", work.resolve("logs").toString()));
        this.args.addAll(options);
    }

    Path checkpoint() {
        return checkpoint;
    }

    /**
     * Starts the command, SIGKILLs it once its checkpoint has reached {@code row}, and returns the checkpoint it left.
     * Fails if the run ended on its own first: then nothing was killed.
     */
    long killAtRow(long row) {
        try (JvmProcess p = TestJars.start(Jars.PRODUCER, nextLog(), args)) {
            p.await(PROGRESS_TIMEOUT, "checkpoint at row " + row, () -> nextRow(checkpoint) >= row || !p.isAlive());
            if (!p.isAlive()) {
                throw new AssertionError("the producer finished before it could be killed at row " + row + ":\n"
                        + p.tail());
            }
            p.kill();
        }
        return nextRow(checkpoint);
    }

    /** Runs the command to its end, with {@code extra} options appended. */
    Result run(String... extra) {
        List<String> command = new ArrayList<>(args);
        command.addAll(List.of(extra));
        try (JvmProcess p = TestJars.start(Jars.PRODUCER, nextLog(), command)) {
            int exit = p.awaitExit(RUN_TIMEOUT);
            return new Result(exit, p.output());
        }
    }

    /** The checkpoint's next row, or -1 when there is none or it cannot be parsed (e.g. read mid-replace). */
    static long nextRow(Path checkpoint) {
        try {
            return Files.exists(checkpoint) ? Json.read(Files.readAllBytes(checkpoint), Checkpoint.class).nextRow() : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Path nextLog() {
        return work.resolve("run-" + RUNS.incrementAndGet() + ".log");
    }
}
