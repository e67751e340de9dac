package io.churnstream.common;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.churnstream.common.process.JvmProcess;

/**
 * Runs one of the project's fat jars the way users run it, as a child process a test can SIGKILL, SIGTERM, SIGSTOP
 * and SIGCONT. It runs in the directory of its output file, so relative paths in its arguments land there. The JIT
 * stops at C1: on a busy 2-core machine, C2's compiler threads cost these short-lived JVMs more than they give back
 * (a consumer run of 2,000 records took 9 s instead of 20 s).
 */
public final class TestJars {

    /** How long a graceful stop (SIGTERM) may take before the test gives up on it. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private TestJars() {
    }

    /** Starts {@code java -jar jar args}; stdout and stderr are appended to {@code output}. */
    public static JvmProcess start(Path jar, Path output, List<String> args) {
        Path out = output.toAbsolutePath();
        return JvmProcess.jar(jar).jvmOptions("-Xmx512m", "-XX:TieredStopAtLevel=1").args(args)
                .workDir(out.getParent()).output(out).start();
    }

    /** Runs to completion and returns the exit code; kills the run and fails if it takes longer than {@code timeout}. */
    public static int run(Path jar, Path output, Duration timeout, List<String> args) {
        try (JvmProcess p = start(jar, output, args)) {
            return p.awaitExit(timeout);
        }
    }
}
