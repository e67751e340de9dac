package io.churnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.churnstream.common.cli.CliException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path dir;

    private ChildProcess sh(String script) {
        return ChildProcess.start("script", List.of("sh", "-c", script), dir.resolve("out.log"), dir, Map.of("GREETING", "hello"));
    }

    @Test
    void outputGoesToTheFileAndTheEnvironmentIsPassedOn() throws Exception {
        ChildProcess p = sh("echo \"$GREETING\"; echo oops >&2");
        assertThat(p.awaitExit(Duration.ofSeconds(10))).isZero();
        assertThat(Files.readAllLines(dir.resolve("out.log"))).containsExactly("hello", "oops");
    }

    @Test
    void awaitLineReturnsTheFirstLineWithThePrefixWhileTheProcessRuns() {
        try (ChildProcess p = sh("echo starting; sleep 0.3; echo 'ready: localhost:1'; sleep 30")) {
            assertThat(p.awaitLine("ready: ", Duration.ofSeconds(10))).isEqualTo("ready: localhost:1");
            assertThat(p.alive()).isTrue();
        }
    }

    @Test
    void awaitLineFailsWithTheLastLineWhenTheProcessEndsFirst() {
        ChildProcess p = sh("echo 'port 1 is already in use'; exit 2");
        assertThatThrownBy(() -> p.awaitLine("ready: ", Duration.ofSeconds(10)))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("exit 2").hasMessageContaining("port 1 is already in use").hasMessageContaining("out.log");
    }

    @Test
    void aNonZeroExitIsAFailureNamingTheOutput() {
        ChildProcess p = sh("echo first; echo 'error: no such topic'; exit 3");
        assertThatThrownBy(() -> p.awaitSuccess(Duration.ofSeconds(10)))
                .isInstanceOf(CliException.class).hasMessage("script failed (exit 3): error: no such topic (output: "
                        + dir.resolve("out.log") + ")");
    }

    @Test
    void aFailureQuotesTheErrorRatherThanTheStackFramesBelowIt() {
        ChildProcess p = sh("echo 'ERROR: Another JMH instance might be running'; echo '\tat org.openjdk.jmh.Main.main(Main.java:71)';"
                + " echo '\t... 3 more'; exit 1");
        assertThatThrownBy(() -> p.awaitSuccess(Duration.ofSeconds(10)))
                .hasMessageStartingWith("script failed (exit 1): ERROR: Another JMH instance might be running (output: ");
    }

    @Test
    void aProcessThatOutlivesItsTimeoutIsStoppedAndReported() {
        ChildProcess p = sh("sleep 30");
        assertThatThrownBy(() -> p.awaitExit(Duration.ofMillis(300))).isInstanceOf(CliException.class)
                .hasMessageContaining("did not finish within");
        assertThat(p.alive()).isFalse();
    }

    @Test
    void stopEndsTheProcessAndItsChildrenAndStopAllEndsEveryOne() throws Exception {
        ChildProcess parent = sh("sleep 30 & sleep 30; wait");
        ChildProcess other = sh("sleep 30");
        Thread.sleep(200);
        List<ProcessHandle> children = ProcessHandle.of(parent.pid()).orElseThrow().descendants().toList();
        assertThat(children).isNotEmpty();
        parent.stop(Duration.ofSeconds(5));
        assertThat(parent.alive()).isFalse();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        ChildProcess.stopAll();
        assertThat(other.alive()).isFalse();
    }
}
