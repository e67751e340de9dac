package io.churnstream.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.TestJars;
import io.churnstream.common.json.Json;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.systemtests.Invariant.Pipeline;

/**
 * One {@code consumer.jar} command line on a pipeline, started, killed, paused and rerun unchanged the way an operator
 * would. Every run gets its own directory for its output, logs and run summary.
 */
final class ConsumerJar {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path work;
    private final List<String> args;

    /** {@code options} come after the pipeline's topics and group, e.g. {@code --exactly-once} or {@code -X} settings. */
    ConsumerJar(Path work, String bootstrap, Pipeline pipeline, List<String> options) {
        this.work = work;
        this.args = new ArrayList<>(List.of("--bootstrap-servers", bootstrap, "--input-topic", pipeline.input(),
                "--output-topic", pipeline.predictions(), "--deadletter-topic", pipeline.deadLetters(),
                "--consumer-group", pipeline.group(), "--log-dir", "logs", "--reports-dir", "reports"));
        this.args.addAll(options);
    }

    /**
     * One scoring thread and polls of {@code maxPollRecords}, so a run lasts long enough to be hit mid-way and a fault
     * interrupts at most one small poll; a 6 s session, so the partitions of a dead or frozen instance move on quickly.
     */
    static List<String> interruptible(int maxPollRecords) {
        return List.of("--scoring-threads", "1", "-X", "consumer.max.poll.records=" + maxPollRecords,
                "-X", "consumer.session.timeout.ms=6000", "-X", "consumer.heartbeat.interval.ms=1000");
    }

    /** A started run: the process, and the directory its output, logs and summary go to. */
    record Instance(JvmProcess process, Path dir) implements AutoCloseable {

        /** The JSON run summary the consumer wrote on exit. */
        JsonNode summary() {
            try (Stream<Path> files = Files.list(dir.resolve("reports"))) {
                Path json = files.filter(p -> p.getFileName().toString().matches(".*_summary_.*\\.json")).findFirst()
                        .orElseThrow(() -> new AssertionError("no run summary in " + dir + "; output:\n" + output()));
                return Json.parse(Files.readAllBytes(json));
            } catch (IOException e) {
                throw new AssertionError("no run summary in " + dir + "; output:\n" + output(), e);
            }
        }

        String output() {
            return process.tail();
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /** A finished batch run: its exit code and the end of what it printed. */
    record Run(int exitCode, String output, Instance instance) {

        JsonNode summary() {
            return instance.summary();
        }
    }

    /** Starts {@code consumer.jar streaming} with {@code extra} options appended. */
    Instance streaming(String... extra) {
        return start("streaming", extra);
    }

    /** Runs {@code consumer.jar batch} with {@code extra} options appended, until it exits by itself. */
    Run batch(String... extra) {
        Instance run = start("batch", extra);
        int exit = run.process().awaitExit(RUN_TIMEOUT);
        return new Run(exit, run.process().tail(), run);
    }

    private Instance start(String mode, String... extra) {
        Path dir = work.resolve(mode + "-" + RUNS.incrementAndGet());
        List<String> command = new ArrayList<>();
        command.add(mode);
        command.addAll(args);
        command.addAll(List.of(extra));
        return new Instance(TestJars.start(Jars.CONSUMER, dir.resolve("consumer.out"), command), dir);
    }
}
