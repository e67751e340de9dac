package io.churnstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CPU time a JVM's JIT compiler threads have used so far, from {@code /proc/PID/task/TID/stat}: a broker whose
 * compilers are still busy has not reached the speed it keeps, and a run measured meanwhile is slower for it.
 */
final class CompilerTime {

    /** HotSpot's compiler threads, "C2 CompilerThread0" and so on, as /proc shortens names (to 15 characters). */
    private static final Pattern COMPILER = Pattern.compile("C[12] CompilerThre.*");

    private CompilerTime() {
    }

    /** Seconds of CPU the compiler threads of {@code pid} have used, or -1 where /proc does not say. */
    static double seconds(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (pid <= 0 || !Files.isDirectory(tasks)) {
            return -1;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.mapToLong(CompilerTime::compilerTicks).sum() / ResourceSampler.TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long compilerTicks(Path task) {
        try {
            return ticksIfCompiler(Files.readString(task.resolve("stat")));
        } catch (IOException e) {
            return 0; // the thread has ended
        }
    }

    /** The CPU ticks in a thread's /proc stat text if the thread is a compiler thread, else 0. */
    static long ticksIfCompiler(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open || !COMPILER.matcher(stat.substring(open + 1, close)).matches()) {
            return 0;
        }
        return Math.max(0, ResourceSampler.cpuTicks(stat));
    }
}
