package io.churnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class CompilerTimeTest {

    private static String stat(String name, long utime, long stime) {
        return "4242 (" + name + ") S 1 4200 4200 0 -1 1077936192 120 0 0 0 " + utime + " " + stime + " 0 0 20 0 30 0";
    }

    @Test
    void should_count_the_ticks_of_compiler_threads_only() {
        assertThat(CompilerTime.ticksIfCompiler(stat("C2 CompilerThre", 250, 12))).isEqualTo(262);
        assertThat(CompilerTime.ticksIfCompiler(stat("C1 CompilerThre", 40, 2))).isEqualTo(42);
        assertThat(CompilerTime.ticksIfCompiler(stat("data-plane-kafk", 900, 50))).isZero();
        assertThat(CompilerTime.ticksIfCompiler(stat("GC Thread#0", 30, 1))).isZero();
    }

    @Test
    void should_read_a_live_jvm_s_compilers_and_nothing_for_a_process_that_is_not_there() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "a /proc file system");
        double own = CompilerTime.seconds(ProcessHandle.current().pid());
        assertThat(own).as("this JVM's compilers, on Linux").isGreaterThanOrEqualTo(0);
        assertThat(CompilerTime.seconds(-1)).isEqualTo(-1);
    }
}
