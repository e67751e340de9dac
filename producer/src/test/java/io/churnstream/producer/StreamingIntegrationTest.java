package io.churnstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.TestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBrokerExtension.class)
class StreamingIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void should_stream_at_the_requested_rate(TestBroker broker) throws Exception {
        String topic = "streaming-" + UUID.randomUUID();
        ProducerJar.Result r = ProducerJar.run(dir, "streaming", "--events-per-sec", "200", "--duration", "5",
                "--topic", topic, "--broker", broker.bootstrapServers());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(TopicReader.readAll(broker.bootstrapServers(), topic, false)).hasSizeBetween(950, 1050);
    }

    @Test
    void should_exit_3_with_one_line_when_the_broker_is_unreachable() throws Exception {
        int port = io.churnstream.broker.KafkaProcess.freePort();
        ProducerJar.Result r = ProducerJar.run(dir, "streaming", "--broker", "localhost:" + port, "--connect-timeout", "3");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).contains("error: cannot reach Kafka at localhost:" + port).doesNotContain("\tat ")
                .doesNotContain("Exception").doesNotContain("summary");
        assertThat(dir.resolve("reports")).as("no summary of a run that never started").doesNotExist();
    }
}
