package io.churnstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.TestCustomers;
import io.churnstream.common.TestJars;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.common.record.CustomerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The consumer jar killed and restarted, and run twice in one group: no input without an output. */
@ExtendWith(KafkaBrokerExtension.class)
class DeliveryIntegrationTest {

    private static final int RECORDS = 10_000;
    private static final Path JAR = Path.of("target", "consumer.jar");

    @TempDir
    Path dir;

    private String raw;
    private String predictions;
    private String group;
    private TopicIO io;

    private Set<String> setUp(TestBroker broker, int partitions, int records) throws Exception {
        Map<String, CustomerRecord> customers = createTopics(broker, partitions, records);
        send(customers);
        return customers.keySet();
    }

    /** Names this test's topics and group, creates the input, and returns the customers it will hold. */
    private Map<String, CustomerRecord> createTopics(TestBroker broker, int partitions, int records) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        raw = "raw-" + run;
        predictions = "pred-" + run;
        group = "group-" + run;
        io = new TopicIO(broker.bootstrapServers());
        io.create(raw, partitions, Map.of());
        return TestCustomers.unique(records, 11);
    }

    private void send(Map<String, CustomerRecord> customers) throws Exception {
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        customers.values().forEach(c -> input.add(new ProducerRecord<>(raw, c.customerId().getBytes(StandardCharsets.UTF_8),
                Json.write(c))));
        io.send(input);
    }

    private List<String> args(TestBroker broker, String... extra) {
        List<String> args = new ArrayList<>(List.of("streaming", "--bootstrap-servers", broker.bootstrapServers(),
                "--input-topic", raw, "--output-topic", predictions, "--deadletter-topic", "dlq-" + raw,
                "--consumer-group", group, "--reports-dir", "reports", "--log-dir", "logs", "--scoring-threads", "1",
                "-X", "consumer.session.timeout.ms=10000", "-X", "consumer.heartbeat.interval.ms=2000"));
        args.addAll(List.of(extra));
        return args;
    }

    private JvmProcess start(String name, List<String> args) {
        return TestJars.start(JAR, dir.resolve(name + ".out"), args);
    }

    private long outputs(boolean readCommitted) {
        return io.readAll(predictions, readCommitted).size();
    }

    @Test
    void should_leave_no_input_without_a_prediction_after_kill_9(TestBroker broker) throws Exception {
        Set<String> ids = setUp(broker, 3, RECORDS);

        try (JvmProcess first = start("first", args(broker, "-X", "max.poll.records=200"))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> outputs(false) >= RECORDS / 4);
            first.kill();
        }
        assertThat(outputs(false)).isLessThan(RECORDS);
        try (JvmProcess second = start("second", args(broker))) {
            await().atMost(Duration.ofSeconds(180)).until(() -> io.keyCounts(predictions, false).keySet().containsAll(ids));
            assertThat(second.stop(TestJars.STOP_TIMEOUT)).as(second.output()).isZero();
            assertThat(second.output()).contains("streaming summary (stopped)");
        }
        assertThat(io.keyCounts(predictions, false).keySet()).isEqualTo(ids);
    }

    @Test
    void should_give_exactly_one_committed_output_per_input_across_kill_9(TestBroker broker) throws Exception {
        Set<String> ids = setUp(broker, 3, RECORDS);

        try (JvmProcess first = start("first",
                args(broker, "--exactly-once", "--instance-id", "a", "-X", "max.poll.records=200"))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> outputs(false) >= RECORDS / 4);
            first.kill();
        }
        try (JvmProcess second = start("second", args(broker, "--exactly-once", "--instance-id", "a"))) {
            await().atMost(Duration.ofSeconds(180)).until(() -> outputs(true) >= RECORDS);
            assertThat(second.stop(TestJars.STOP_TIMEOUT)).as(second.output()).isZero();
        }
        Map<String, Integer> counts = io.keyCounts(predictions, true);
        assertThat(counts.keySet()).isEqualTo(ids);
        assertThat(counts).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
    }

    /** The input is sent once both instances own partitions: sent before, one instance could score it all alone. */
    @Test
    void should_split_the_partitions_between_two_instances_of_one_group(TestBroker broker) throws Exception {
        Map<String, CustomerRecord> customers = createTopics(broker, 6, 6_000);
        Set<String> ids = customers.keySet();

        try (JvmProcess a = start("a", args(broker, "--instance-id", "a"));
             JvmProcess b = start("b", args(broker, "--instance-id", "b"))) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> {
                Map<String, Set<TopicPartition>> members = io.assignments(group);
                return members.size() == 2 && members.values().stream().noneMatch(Set::isEmpty);
            });
            send(customers);
            await().atMost(Duration.ofSeconds(180)).until(() -> io.keyCounts(predictions, false).keySet().containsAll(ids));
            assertThat(a.stop(TestJars.STOP_TIMEOUT)).as(a.output()).isZero();
            assertThat(b.stop(TestJars.STOP_TIMEOUT)).as(b.output()).isZero();
            long consumedByA = consumed(a.output());
            long consumedByB = consumed(b.output());
            assertThat(consumedByA).as(a.output()).isPositive();
            assertThat(consumedByB).as(b.output()).isPositive();
            assertThat(consumedByA + consumedByB).isGreaterThanOrEqualTo(ids.size());
        }
    }

    private static long consumed(String output) {
        Matcher m = Pattern.compile("summary \\(stopped\\): consumed (\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Long.parseLong(m.group(1));
    }
}
