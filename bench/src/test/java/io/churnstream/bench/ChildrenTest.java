package io.churnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.process.ChildMain;
import io.churnstream.common.process.JvmProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's child processes: real JVMs (ChildMain follows its arguments), their logs, failures and stops. */
class ChildrenTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Children children;

    private Children.Child start(String name, String... args) {
        if (children == null) {
            children = new Children(dir.resolve("logs"), dir);
        }
        return children.start(name, JvmProcess.mainClass(ChildMain.class.getName()).jvmOptions("-Xmx32m").args(args));
    }

    @AfterEach
    void stopWhatIsLeft() {
        if (children != null) {
            children.stopAll();
        }
    }

    @Test
    void outputGoesToTheLogNamedAfterTheChild() throws Exception {
        Children.Child p = start("generate", "say:hello", "err:oops", "exit:0");
        p.awaitSuccess(TIMEOUT);
        assertThat(p.log()).isEqualTo(dir.resolve("logs/generate.log"));
        assertThat(Files.readAllLines(p.log())).containsExactlyInAnyOrder("hello", "oops");
    }

    @Test
    void awaitLineReturnsTheFirstLineWithThePrefixWhileTheChildRuns() {
        Children.Child p = start("broker", "say:starting", "say:ready: bootstrap.servers=localhost:1", "sleep:60000");
        assertThat(p.awaitLine("ready: ", TIMEOUT)).isEqualTo("ready: bootstrap.servers=localhost:1");
    }

    @Test
    void awaitLineFailsWithTheLastLineWhenTheChildEndsFirst() {
        Children.Child p = start("broker", "say:port 1 is already in use", "exit:2");
        assertThatThrownBy(() -> p.awaitLine("ready: ", TIMEOUT)).isInstanceOf(CliException.class)
                .hasMessage("broker failed (exit 2 before printing 'ready:'): port 1 is already in use (output: "
                        + dir.resolve("logs/broker.log") + ")");
    }

    @Test
    void aNonZeroExitIsAFailureQuotingTheErrorRatherThanTheStackFramesBelowIt() {
        Children.Child p = start("jmh", "say:first", "say:ERROR: Another JMH instance might be running",
                "say:\tat org.openjdk.jmh.Main.main(Main.java:71)", "say:\t... 3 more", "exit:3");
        assertThatThrownBy(() -> p.awaitSuccess(TIMEOUT)).isInstanceOf(CliException.class)
                .hasMessage("jmh failed (exit 3): ERROR: Another JMH instance might be running (output: "
                        + dir.resolve("logs/jmh.log") + ")")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.RUNTIME_FAILURE));
    }

    @Test
    void aChildThatOutlivesItsTimeoutIsStoppedAndReported() {
        Children.Child p = start("consumer", "say:working", "sleep:60000");
        assertThatThrownBy(() -> p.awaitSuccess(Duration.ofSeconds(1))).isInstanceOf(CliException.class)
                .hasMessageStartingWith("consumer did not finish within 1 s and was stopped");
        assertThat(alive(p.pid())).isFalse();
    }

    @Test
    void stopAllEndsEveryChildAndWhatItStarted() throws Exception {
        Path grandchildLog = dir.resolve("grandchild.log");
        Children.Child parent = start("jmh", "child:" + grandchildLog, "say:up", "sleep:60000");
        Children.Child other = start("other", "say:up", "sleep:60000");
        String line = parent.awaitLine("child pid ", TIMEOUT);
        ProcessHandle grandchild = ProcessHandle.of(Long.parseLong(line.substring("child pid ".length()))).orElseThrow();
        other.awaitLine("up", TIMEOUT);

        children.stopAll();

        assertThat(grandchild.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(alive(parent.pid())).isFalse();
        assertThat(alive(other.pid())).isFalse();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
