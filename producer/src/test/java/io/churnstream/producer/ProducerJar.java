package io.churnstream.producer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.churnstream.common.process.JvmProcess;

/** Runs {@code target/producer.jar} as a child process, the way users run it, with stdout and stderr kept apart. */
final class ProducerJar {

    static final Path JAR = Path.of("target", "producer.jar");
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);

    /** A finished run: exit code and what it printed on each stream. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private ProducerJar() {
    }

    /** Starts the jar in {@code workDir}; its streams are appended to stdout.txt and stderr.txt there. */
    static JvmProcess start(Path workDir, List<String> args) {
        return JvmProcess.jar(JAR).jvmOptions("-Xmx256m").args(args).workDir(workDir)
                .output(workDir.resolve("stdout.txt")).errors(workDir.resolve("stderr.txt")).start();
    }

    static Result run(Path workDir, String... args) {
        try (JvmProcess p = start(workDir, List.of(args))) {
            int exit = p.awaitExit(RUN_TIMEOUT);
            return new Result(exit, p.output(), p.errors());
        }
    }
}
