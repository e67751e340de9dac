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
    void should_count_by_key_what_is_lost_and_duplicated_and_exit_1_unless_neither(TestBroker broker) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        TopicIO topics = new TopicIO(broker.bootstrapServers());
        String[] flags = {"count", "--bootstrap-servers", broker.bootstrapServers(), "--raw-topic", "raw-" + id,
            "--predictions-topic", "pred-" + id, "--deadletter-topic", "dlq-" + id};
        topics.send(List.of(record("raw-" + id, "a"), record("raw-" + id, "b"), record("raw-" + id, "c"),
                record("pred-" + id, "a"), record("dlq-" + id, "b")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine count = Cli.create(new TopicsTool());
        count.setOut(new PrintWriter(out, true));
        count.setErr(new PrintWriter(err, true));

        assertThat(count.execute(flags)).isEqualTo(ExitCodes.RUNTIME_FAILURE);
        assertThat(out.toString()).isEqualTo("in=3 predicted=1 dead-lettered=1 lost=1 duplicated=0\n");
        assertThat(err.toString()).isEqualTo("error: 1 input record(s) without an output and 0 output(s) beyond one per "
                + "input, for a read_committed reader\n");

        topics.send(List.of(record("pred-" + id, "c")));
        out.getBuffer().setLength(0);
        assertThat(count.execute(flags)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).isEqualTo("in=3 predicted=2 dead-lettered=1 lost=0 duplicated=0\n");

        topics.send(List.of(record("pred-" + id, "c")));
        out.getBuffer().setLength(0);
        assertThat(count.execute(flags)).isEqualTo(ExitCodes.RUNTIME_FAILURE);
        assertThat(out.toString()).isEqualTo("in=3 predicted=3 dead-lettered=1 lost=0 duplicated=1\n");
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
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
