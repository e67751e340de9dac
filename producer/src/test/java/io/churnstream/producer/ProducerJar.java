package io.churnstream.producer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code target/producer.jar} as a child process, the way users run it. */
final class ProducerJar {

    static final Path JAR = Path.of("target", "producer.jar");

    /** A finished run: exit code and captured streams. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private ProducerJar() {
    }

    static Process start(Path workDir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(args);
        return new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile()).start();
    }

    static Result run(Path workDir, String... args) throws Exception {
        Process p = start(workDir, List.of(args));
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("producer did not finish: " + String.join(" ", args));
        }
        return new Result(p.exitValue(), read(workDir.resolve("stdout.txt")), read(workDir.resolve("stderr.txt")));
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
