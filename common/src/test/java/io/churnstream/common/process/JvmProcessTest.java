package io.churnstream.common.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmProcessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private JvmProcess.Launch child(String... args) {
        return JvmProcess.mainClass(ChildMain.class.getName()).jvmOptions("-Xmx32m").args(args).output(dir.resolve("out.log"));
    }

    @Test
    void should_find_the_ready_line_and_report_only_this_runs_output_of_an_appended_file() throws Exception {
        Files.writeString(dir.resolve("out.log"), "ready from an earlier run\n");
        try (JvmProcess p = child("say:starting", "say:ready: at last", "sleep:60000").start()) {
            assertThat(p.awaitLine(l -> l.startsWith("ready"), TIMEOUT)).isEqualTo("ready: at last");
            assertThat(p.output()).isEqualTo("starting\nready: at last\n");
            assertThat(p.isAlive()).isTrue();
        }
        assertThat(Files.readString(dir.resolve("out.log"))).startsWith("ready from an earlier run\nstarting\n");
    }

    @Test
    void should_keep_stderr_apart_when_asked_and_return_the_exit_code() {
        try (JvmProcess p = child("say:to stdout", "err:to stderr", "exit:3").errors(dir.resolve("err.log")).start()) {
            assertThat(p.awaitExit(TIMEOUT)).isEqualTo(3);
            assertThat(p.output()).isEqualTo("to stdout\n");
            assertThat(p.errors()).isEqualTo("to stderr\n");
            assertThat(p.tail()).contains("to stdout").contains("stderr:\nto stderr");
        }
    }

    @Test
    void should_tell_without_waiting_whether_a_line_came() {
        try (JvmProcess p = child("say:one", "say:ready: two", "sleep:60000").start()) {
            p.await(TIMEOUT, "two lines", () -> p.output().lines().count() == 2);

            assertThat(p.nextLine(l -> l.startsWith("absent"))).isEmpty();
            assertThat(p.output()).as("lines once looked at stay in the output").contains("ready: two");
            assertThat(p.nextLine(l -> l.startsWith("ready"))).as("already looked at").isEmpty();
        }
        try (JvmProcess p = child("say:ready: one", "say:next: two", "sleep:60000").output(dir.resolve("both.log")).start()) {
            p.await(TIMEOUT, "two lines", () -> p.output().lines().count() == 2);
            assertThat(p.awaitLine(l -> l.startsWith("ready"), TIMEOUT)).isEqualTo("ready: one");
            assertThat(p.nextLine(l -> true)).as("the line after the match is still there").contains("next: two");
        }
        try (JvmProcess p = child("say:one", "say:ready: two", "sleep:60000").output(dir.resolve("again.log")).start()) {
            p.await(TIMEOUT, "two lines", () -> p.output().lines().count() == 2);
            assertThat(p.nextLine(l -> l.startsWith("ready"))).contains("ready: two");
        }
    }

    @Test
    void should_fail_with_the_output_when_the_child_exits_before_the_line() {
        try (JvmProcess p = child("say:cannot bind the port", "exit:1").start()) {
            assertThatThrownBy(() -> p.awaitLine(l -> l.startsWith("ready"), TIMEOUT))
                    .hasMessageContaining("ChildMain exited with 1 before printing the expected line")
                    .hasMessageContaining("cannot bind the port");
        }
    }

    @Test
    void should_give_up_on_the_line_after_the_timeout_and_leave_the_child_running() {
        try (JvmProcess p = child("say:still starting", "sleep:60000").start()) {
            assertThatThrownBy(() -> p.awaitLine(l -> l.startsWith("ready"), Duration.ofSeconds(2)))
                    .hasMessageContaining("did not print the expected line within 2s").hasMessageContaining("still starting");
            assertThat(p.isAlive()).isTrue();
        }
    }

    @Test
    void should_kill_a_child_that_outlives_its_timeout() {
        JvmProcess p = child("say:working", "sleep:60000").start();
        p.awaitLine("working"::equals, TIMEOUT);

        assertThatThrownBy(() -> p.awaitExit(Duration.ofMillis(200))).hasMessageContaining("did not finish within");
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void should_run_shutdown_hooks_on_sigterm_and_none_on_sigkill() {
        try (JvmProcess graceful = child("hook:hook ran", "say:up", "sleep:60000").start();
             JvmProcess killed = child("hook:hook ran", "say:up", "sleep:60000").output(dir.resolve("killed.log")).start()) {
            graceful.awaitLine("up"::equals, TIMEOUT);
            killed.awaitLine("up"::equals, TIMEOUT);

            assertThat(graceful.stop(TIMEOUT)).isEqualTo(143);
            killed.kill();

            assertThat(graceful.output()).contains("hook ran");
            assertThat(killed.isAlive()).isFalse();
            assertThat(killed.output()).doesNotContain("hook ran");
        }
    }

    @Test
    void should_freeze_a_paused_child_until_it_is_resumed() throws Exception {
        try (JvmProcess p = child("tick").start()) {
            p.awaitLine("tick 5"::equals, TIMEOUT);
            p.pause();
            Thread.sleep(300);
            String frozen = p.output();
            Thread.sleep(500);
            assertThat(p.output()).isEqualTo(frozen);
            assertThat(p.isAlive()).isTrue();

            p.resume();
            p.await(TIMEOUT, "more ticks", () -> p.output().length() > frozen.length());
        }
    }

    @Test
    void should_stop_a_paused_child() {
        try (JvmProcess p = child("hook:hook ran", "tick").start()) {
            p.awaitLine("tick 1"::equals, TIMEOUT);
            p.pause();

            assertThat(p.stop(TIMEOUT)).isEqualTo(143);
            assertThat(p.output()).contains("hook ran");
        }
    }

    @Test
    void should_stop_the_processes_the_child_started_with_sigterm_first() throws Exception {
        Path grandchildLog = dir.resolve("grandchild.log");
        try (JvmProcess p = child("child:" + grandchildLog, "hook:grandchild stopped", "say:up", "sleep:60000").start()) {
            ProcessHandle grandchild = grandchild(p, grandchildLog);

            assertThat(p.stopTree(TIMEOUT)).isEqualTo(143);

            assertThat(grandchild.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
            assertThat(Files.readString(grandchildLog)).contains("grandchild stopped");
        }
    }

    @Test
    void should_kill_what_still_runs_of_the_tree_after_the_grace() throws Exception {
        Path grandchildLog = dir.resolve("stalling.log");
        try (JvmProcess p = child("child:" + grandchildLog, "stall", "say:up", "sleep:60000").start()) {
            ProcessHandle grandchild = grandchild(p, grandchildLog);
            long start = System.nanoTime();

            p.stopTree(Duration.ofSeconds(2));

            assertThat(grandchild.isAlive()).isFalse();
            assertThat(p.isAlive()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void should_run_a_main_class_of_another_class_path() {
        String classPath = System.getProperty("java.class.path");
        try (JvmProcess p = JvmProcess.mainClass(ChildMain.class.getName(), classPath).args("say:from elsewhere", "exit:0")
                .output(dir.resolve("other.log")).start()) {
            assertThat(p.awaitExit(TIMEOUT)).isZero();
            assertThat(p.output()).isEqualTo("from elsewhere\n");
        }
        try (JvmProcess p = JvmProcess.mainClass(ChildMain.class.getName(), dir.toString()).args("exit:0")
                .output(dir.resolve("missing.log")).start()) {
            assertThat(p.awaitExit(TIMEOUT)).as("the class is not on that class path").isNotZero();
            assertThat(p.output()).contains("ChildMain");
        }
    }

    /** The grandchild of {@code p}, once it is up. */
    private ProcessHandle grandchild(JvmProcess p, Path log) {
        String line = p.awaitLine(l -> l.startsWith("child pid "), TIMEOUT);
        ProcessHandle grandchild = ProcessHandle.of(Long.parseLong(line.substring("child pid ".length()))).orElseThrow();
        p.await(TIMEOUT, "the grandchild to be up", () -> readQuietly(log).lines().anyMatch("up"::equals));
        return grandchild;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
