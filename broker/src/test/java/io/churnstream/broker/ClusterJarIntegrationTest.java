package io.churnstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.churnstream.common.process.JvmProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar broker.jar --nodes 3}: one parent process, three node processes, and none left behind. */
class ClusterJarIntegrationTest {

    private static final Path JAR = Path.of("target", "broker.jar");
    private static final Duration READY = Duration.ofMinutes(3);
    private static final Duration GONE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void should_run_three_node_processes_that_keep_their_data_and_never_outlive_the_parent() throws Exception {
        int port = KafkaProcess.freePortRange(6);
        Path data = dir.resolve("data");
        String bootstrap = "localhost:" + port + ",localhost:" + (port + 1) + ",localhost:" + (port + 2);

        List<ProcessHandle> firstNodes;
        try (JvmProcess parent = startCluster(port, data)) {
            assertThat(parent.awaitLine(l -> l.startsWith("ready"), READY)).isEqualTo("ready: bootstrap.servers=" + bootstrap);
            firstNodes = nodes(data);
            assertThat(firstNodes).hasSize(3).allMatch(ProcessHandle::isAlive)
                    .allMatch(n -> n.parent().map(p -> p.pid() == parent.pid()).orElse(false));
            BrokerIntegrationTest.produce(bootstrap, "kept", 20);

            parent.kill();
        }
        awaitGone(firstNodes);

        try (JvmProcess parent = startCluster(port, data)) {
            parent.awaitLine(l -> l.startsWith("ready"), READY);
            List<ProcessHandle> nodes = nodes(data);
            assertThat(nodes).hasSize(3).noneMatch(firstNodes::contains);
            assertThat(BrokerIntegrationTest.consumeAll(bootstrap, "kept", 20)).hasSize(20).contains("value-19");

            assertThat(parent.stop(GONE)).as(parent.tail()).isZero();
            assertThat(nodes).noneMatch(ProcessHandle::isAlive);
            assertThat(List.of(1, 2, 3)).allMatch(id -> !Files.exists(data.resolve("node-" + id + ".pid")));
            assertThat(parent.output()).contains("stopping the cluster on " + bootstrap);
        }
    }

    /** Clients on port, port + 1 and port + 2, controllers on the next three ports (the default). */
    private JvmProcess startCluster(int port, Path data) {
        return JvmProcess.jar(JAR).args("--nodes", "3", "--port", Integer.toString(port), "--data-dir", data.toString(),
                "--ready-timeout", Long.toString(READY.toSeconds())).output(dir.resolve("parent.out")).start();
    }

    /** The node processes, from the pid files they write. */
    private static List<ProcessHandle> nodes(Path data) throws IOException {
        List<ProcessHandle> nodes = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            long pid = Long.parseLong(Files.readString(data.resolve("node-" + id + ".pid")).trim());
            nodes.add(ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid)));
        }
        return nodes;
    }

    private static void awaitGone(List<ProcessHandle> nodes) throws InterruptedException {
        long deadline = System.nanoTime() + GONE.toNanos();
        while (nodes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(nodes).as("node processes after their parent was SIGKILLed").noneMatch(ProcessHandle::isAlive);
    }
}
