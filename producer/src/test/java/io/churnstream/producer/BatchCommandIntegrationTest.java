package io.churnstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.CliRun;
import io.churnstream.common.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code batch} in process on a real broker, where the JVM's threads show what a run leaves behind. */
@ExtendWith(KafkaBrokerExtension.class)
class BatchCommandIntegrationTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun(ProducerApp::new);

    @Test
    void should_leave_no_producer_running_after_refusing_the_committed_position_of_another_input(TestBroker broker) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        List<String> args = List.of("batch", "--exactly-once", "--transactional-id", "leak-" + id, "--topic", "leak-" + id,
                "--broker", broker.bootstrapServers(), "--log-dir", dir.resolve("logs").toString(),
                "--reports-dir", dir.resolve("reports").toString());
        assertThat(cli.execute(with(args, "--rows", "10", "--checkpoint", dir.resolve("first.json").toString())))
                .as(cli.err()).isZero();

        int code = cli.execute(with(args, "--rows", "20", "--checkpoint", dir.resolve("second.json").toString()));

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("committed under transactional id leak-" + id).contains("another input");
        assertThat(producerThreads()).as("producer network threads left running").isEmpty();
    }

    private static List<String> producerThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("kafka-producer-network-thread")).toList();
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
