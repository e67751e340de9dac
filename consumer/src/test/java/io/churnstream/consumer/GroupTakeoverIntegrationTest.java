package io.churnstream.consumer;

import static io.churnstream.common.record.CustomerFields.*;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.CliRun;
import io.churnstream.common.TestCustomers;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.DecimalText;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Taking over a running deployment: another client consumes part of the input in a group and commits, then the
 * consumer joins that group and scores exactly the rest; a group without committed offsets is refused.
 */
@ExtendWith(KafkaBrokerExtension.class)
class GroupTakeoverIntegrationTest {

    private static final int CUSTOMERS = 900;

    @TempDir
    Path dir;

    @Test
    void should_score_exactly_what_the_earlier_consumer_left_in_its_group(TestBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String raw = "raw-" + run;
        String predictions = "pred-" + run;
        String group = "earlier-group-" + run;
        TopicIO io = new TopicIO(broker.bootstrapServers());
        io.create(raw, 3, Map.of());
        Map<String, CustomerRecord> customers = TestCustomers.unique(CUSTOMERS, 23);
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        customers.values().forEach(c -> input.add(new ProducerRecord<>(raw, utf8(c.customerId()), earlierFormat(c))));
        io.send(input);

        Set<String> scoredBefore = consumePartAndCommit(broker.bootstrapServers(), raw, group, CUSTOMERS / 3);

        CliRun cli = new CliRun(ConsumerApp::new);
        int code = cli.execute("batch", "--bootstrap-servers", broker.bootstrapServers(), "--input-topic", raw,
                "--output-topic", predictions, "--deadletter-topic", "dlq-" + run, "--consumer-group", group,
                "--from-committed-only", "--timeout-ms", "5000",
                "--reports-dir", dir.resolve("reports").toString(), "--log-dir", dir.resolve("logs").toString());

        assertThat(code).as(cli.err()).isZero();
        Map<String, Integer> scored = io.keyCounts(predictions, true);
        Set<String> rest = new HashSet<>(customers.keySet());
        rest.removeAll(scoredBefore);
        assertThat(scoredBefore).isNotEmpty();
        assertThat(scored.keySet()).as("scored by the consumer").isEqualTo(rest);
        assertThat(scored).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
        assertThat(io.committedOffsets(group, raw)).isEqualTo(io.endOffsets(raw));
        assertThat(Files.readString(dir.resolve("logs").resolve("kafka_consumer.log")))
                .contains("group " + group + " resumes " + raw + " at its committed offsets");
    }

    @Test
    void should_refuse_a_group_without_committed_offsets_when_asked_to(TestBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String raw = "raw-" + run;
        String predictions = "pred-" + run;
        TopicIO io = new TopicIO(broker.bootstrapServers());
        io.create(raw, 3, Map.of());
        CustomerRecord customer = TestCustomers.fiberMonthToMonth("1234-ABCDE");
        io.send(List.of(new ProducerRecord<>(raw, utf8(customer.customerId()), Json.write(customer))));

        CliRun cli = new CliRun(ConsumerApp::new);
        int code = cli.execute("batch", "--bootstrap-servers", broker.bootstrapServers(), "--input-topic", raw,
                "--output-topic", predictions, "--deadletter-topic", "dlq-" + run, "--consumer-group",
                "mistyped-group-" + run, "--from-committed-only", "--timeout-ms", "3000",
                "--reports-dir", dir.resolve("reports").toString(), "--log-dir", dir.resolve("logs").toString());

        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).contains("consumer group 'mistyped-group-" + run + "' has no committed offset on " + raw)
                .contains("--from-committed-only").doesNotContain("\tat ");
        assertThat(io.exists(predictions) ? io.readAll(predictions, true) : List.of()).isEmpty();
        assertThat(io.committedOffsets("mistyped-group-" + run, raw)).isEmpty();
    }

    /** What the earlier producer writes: TotalCharges as text, the label present, microseconds in event_ts. */
    private static byte[] earlierFormat(CustomerRecord c) {
        ObjectNode node = (ObjectNode) Json.toTree(c.withEventTs("2026-11-30T06:22:09.794664Z"));
        node.put("TotalCharges", DecimalText.format(c.number(TOTAL_CHARGES)));
        return Json.write(node);
    }

    /** A plain kafka-clients consumer in the group: reads at least {@code atLeast} records, commits, leaves. */
    private static Set<String> consumePartAndCommit(String bootstrap, String topic, String group, int atLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        Set<String> read = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    read.add(TopicIO.key(r));
                }
            }
            consumer.commitSync();
        }
        assertThat(read.size()).isGreaterThanOrEqualTo(atLeast).isLessThan(CUSTOMERS);
        return read;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
