package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.KafkaProcess;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.TopicIO;
import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.json.Json;
import io.churnstream.common.tools.TopicsTool;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(KafkaBrokerExtension.class)
class TopicsToolIntegrationTest {

    @TempDir
    Path reports;

    @Test
    void should_create_topics_then_dump_the_latest_records(TestBroker broker) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String raw = "raw-" + id;
        String[] topicFlags = {"--raw-topic", raw, "--predictions-topic", "pred-" + id, "--deadletter-topic", "dlq-" + id,
            "--bootstrap-servers", broker.bootstrapServers()};

        StringWriter out = new StringWriter();
        CommandLine create = Cli.create(new TopicsTool());
        create.setOut(new PrintWriter(out));
        assertThat(create.execute(concat(new String[]{"create"}, topicFlags))).isEqualTo(ExitCodes.OK);

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            long base = System.currentTimeMillis() - 60_000;
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(raw, null, base + i * 1_000L, "k" + i, "{\"n\":" + i + "}"));
            }
            producer.send(new ProducerRecord<>(raw, null, base + 5_000L, "k5", "not json"));
        }

        int rc = Cli.create(new TopicsTool()).execute(concat(new String[]{"dump", "3", "--out-dir", reports.toString()}, topicFlags));
        assertThat(rc).isEqualTo(ExitCodes.OK);
        JsonNode rawSample = Json.mapper().readTree(reports.resolve("kafka_raw_sample.json").toFile());
        assertThat(rawSample).hasSize(3);
        assertThat(rawSample.get(2).get("value").asText()).isEqualTo("not json");
        assertThat(rawSample.get(1).get("value").get("n").asInt()).isEqualTo(4);
        assertThat(Json.mapper().readTree(reports.resolve("kafka_deadletter_sample.json").toFile())).isEmpty();
    }

    @Test
    void should_send_each_line_of_a_file_as_one_record_keyed_by_line_number(TestBroker broker) throws Exception {
        String topic = "send-" + UUID.randomUUID().toString().substring(0, 8);
        Path lines = Files.writeString(reports.resolve("lines.txt"), "not json\n{\"tenure\":-3}\n[1,2]\n");

        int rc = Cli.create(new TopicsTool()).execute("send", "--topic", topic, "--file", lines.toString(),
                "--key-prefix", "bad-", "--bootstrap-servers", broker.bootstrapServers());

        assertThat(rc).isEqualTo(ExitCodes.OK);
        List<ConsumerRecord<byte[], byte[]>> sent = new TopicIO(broker.bootstrapServers()).readAll(topic, false);
        assertThat(sent).extracting(r -> new String(r.key(), StandardCharsets.UTF_8) + "=" + new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("bad-1=not json", "bad-2={\"tenure\":-3}", "bad-3=[1,2]");
    }

    @Test
    void should_exit_3_when_the_broker_is_unreachable() {
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.create(new TopicsTool());
        cli.setErr(new PrintWriter(err));
        int rc = cli.execute("create", "--bootstrap-servers", "localhost:" + KafkaProcess.freePort(), "--connect-timeout", "2");
        assertThat(rc).isEqualTo(ExitCodes.BROKER_UNREACHABLE);
        assertThat(err.toString()).startsWith("error: cannot reach Kafka at localhost:").doesNotContain("\tat ");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
