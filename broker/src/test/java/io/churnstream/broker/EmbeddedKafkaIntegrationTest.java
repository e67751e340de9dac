package io.churnstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.Shutdown;
import kafka.server.BrokerServer;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIntegrationTest {

    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Properties format(int port, int controllerPort) throws IOException {
        Properties config = BrokerConfig.build(port, controllerPort, dir, Map.of());
        EmbeddedKafka.formatIfNeeded(config, dir.resolve("server.properties"), Uuid.randomUuid().toString(), List.of());
        return config;
    }

    private EmbeddedKafka start(int port) throws IOException {
        return EmbeddedKafka.start(format(port, KafkaProcess.freePort()), EmbeddedKafka.plaintextClient("localhost:" + port), READY);
    }

    @Test
    void should_release_ports_and_data_dir_when_startup_fails() throws Exception {
        int controllerPort = KafkaProcess.freePort();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Properties config = format(taken.getLocalPort(), controllerPort);

            Properties client = EmbeddedKafka.plaintextClient("localhost:" + taken.getLocalPort());
            assertThatThrownBy(() -> EmbeddedKafka.start(config, client, READY)).hasStackTraceContaining("bind");
        }
        assertThat(bindable(controllerPort)).as("controller port released").isTrue();

        int port = KafkaProcess.freePort();
        try (EmbeddedKafka again = start(port)) {
            assertThat(again.bootstrapServers()).isEqualTo("localhost:" + port);
        }
    }

    @Test
    void should_fail_the_run_when_the_whole_server_shuts_itself_down() throws Exception {
        int port = KafkaProcess.freePort();
        try (EmbeddedKafka kafka = start(port);
             Shutdown shutdown = Shutdown.manual()) {
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> BrokerApp.serve(kafka, shutdown));

            new Thread(() -> raftServer(kafka).shutdown(), "kafka-shutdown-thread").start();

            assertRunFailsInOneLine(run);
        }
    }

    /** What Kafka's broker lifecycle manager does when it gives up: shut the broker down, leave the controller running. */
    @Test
    void should_fail_the_run_when_the_broker_shuts_itself_down_alone() throws Exception {
        int port = KafkaProcess.freePort();
        try (EmbeddedKafka kafka = start(port);
             Shutdown shutdown = Shutdown.manual()) {
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> BrokerApp.serve(kafka, shutdown));

            new Thread(() -> brokerServer(kafka).shutdown(), "kafka-shutdown-thread").start();

            assertRunFailsInOneLine(run);
        }
    }

    @Test
    void should_return_when_asked_to_stop() throws Exception {
        int port = KafkaProcess.freePort();
        try (EmbeddedKafka kafka = start(port);
             Shutdown shutdown = Shutdown.manual()) {
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> BrokerApp.serve(kafka, shutdown));
            Thread.sleep(1_500);
            assertThat(run).as("still serving").isNotDone();

            shutdown.request("test");

            run.get(30, TimeUnit.SECONDS);
        }
    }

    private static void assertRunFailsInOneLine(CompletableFuture<Void> run) {
        assertThat(run).failsWithin(60, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                .havingRootCause().isInstanceOf(CliException.class)
                .withMessageContaining("shut itself down").withMessageNotContaining("\n")
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.RUNTIME_FAILURE));
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static KafkaRaftServer raftServer(EmbeddedKafka kafka) {
        return (KafkaRaftServer) field(kafka, EmbeddedKafka.class, "server");
    }

    private static BrokerServer brokerServer(EmbeddedKafka kafka) {
        return (BrokerServer) ((scala.Option<?>) field(raftServer(kafka), KafkaRaftServer.class, "broker")).get();
    }

    private static Object field(Object owner, Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(owner);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Kafka's internals changed: " + e, e);
        }
    }
}
