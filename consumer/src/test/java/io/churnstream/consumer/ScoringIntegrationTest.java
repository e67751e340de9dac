package io.churnstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.CliRun;
import io.churnstream.common.PoisonPills;
import io.churnstream.common.TestCustomers;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.model.ChurnModel;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The consumer in batch mode, in process, on a real broker: predictions, dead letters, offsets and the summary. */
@ExtendWith(KafkaBrokerExtension.class)
class ScoringIntegrationTest {

    private static final int CUSTOMERS = 5_000;
    private static final int MALFORMED = 50;

    @TempDir
    Path dir;

    @Test
    void should_predict_every_customer_and_dead_letter_every_malformed_message(TestBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String raw = "raw-" + run;
        String predictions = "pred-" + run;
        String deadLetters = "dlq-" + run;
        String group = "group-" + run;
        TopicIO io = new TopicIO(broker.bootstrapServers());
        io.create(raw, 3, Map.of("max.message.bytes", "2097152"));
        Map<String, CustomerRecord> customers = TestCustomers.unique(CUSTOMERS, 11);
        Map<String, PoisonPills.Pill> pills = new LinkedHashMap<>();
        List<PoisonPills.Pill> catalogue = PoisonPills.all();
        for (int i = 0; i < MALFORMED; i++) {
            pills.put(String.format("bad-%02d", i), catalogue.get(i % catalogue.size()));
        }
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        customers.values().forEach(c -> input.add(new ProducerRecord<>(raw, utf8(c.customerId()), Json.write(c))));
        pills.forEach((key, pill) -> input.add(new ProducerRecord<>(raw, utf8(key), pill.value())));
        io.send(input);

        CliRun cli = new CliRun(ConsumerApp::new);
        int code = cli.execute("batch", "--bootstrap-servers", broker.bootstrapServers(), "--input-topic", raw,
                "--output-topic", predictions, "--deadletter-topic", deadLetters, "--consumer-group", group,
                "--max-messages", Integer.toString(CUSTOMERS + MALFORMED), "--timeout-ms", "30000",
                "--reports-dir", dir.resolve("reports").toString(), "--log-dir", dir.resolve("logs").toString());

        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).contains("consumed " + (CUSTOMERS + MALFORMED) + ", predicted " + CUSTOMERS);

        ChurnModel model = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD);
        Map<String, Integer> seen = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : io.readAll(predictions, true)) {
            String key = TopicIO.key(r);
            JsonNode prediction = Json.parse(r.value());
            CustomerRecord customer = customers.get(key);
            assertThat(customer).as("prediction for an unknown key " + key).isNotNull();
            assertThat(prediction.get("customerID").asText()).isEqualTo(key);
            assertThat(prediction.get("churn_probability").asDouble()).isEqualTo(model.score(customer).probability());
            assertThat(prediction.get("event_ts").asText()).isEqualTo(customer.eventTs());
            seen.merge(key, 1, Integer::sum);
        }
        assertThat(seen).hasSize(CUSTOMERS).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));

        List<ConsumerRecord<byte[], byte[]>> letters = io.readAll(deadLetters, true);
        assertThat(letters).hasSize(MALFORMED);
        for (ConsumerRecord<byte[], byte[]> r : letters) {
            PoisonPills.Pill pill = pills.get(TopicIO.key(r));
            assertThat(pill).as("dead letter for an unknown key " + TopicIO.key(r)).isNotNull();
            JsonNode letter = Json.parse(r.value());
            assertThat(letter.get("error_type").asText()).as(pill.name()).isEqualTo(pill.expected().wireName());
            assertThat(letter.get("source_topic").asText()).isEqualTo(raw);
            assertThat(header(r, "churn.source.offset")).isEqualTo(letter.get("source_offset").asText());
        }

        assertThat(io.committedOffsets(group, raw)).isEqualTo(io.endOffsets(raw));

        Path summary;
        try (Stream<Path> files = Files.list(dir.resolve("reports"))) {
            summary = files.filter(p -> p.getFileName().toString().matches("consumer_batch_summary_.*\\.json")).findFirst().orElseThrow();
        }
        JsonNode s = Json.parse(Files.readAllBytes(summary));
        assertThat(s.get("tool").asText()).isEqualTo("consumer");
        assertThat(s.get("outcome").asText()).isEqualTo("completed");
        assertThat(s.get("active_s").asDouble()).as("joining the group before the first record is not flowing time")
                .isLessThan(s.get("duration_s").asDouble());
        assertThat(s.get("consumed").asLong()).isEqualTo(CUSTOMERS + MALFORMED);
        assertThat(s.get("predicted").asLong()).isEqualTo(CUSTOMERS);
        assertThat(s.at("/dead_lettered/total").asLong()).isEqualTo(MALFORMED);
        assertThat(s.get("churn_rate_by_contract").has("Month-to-month")).isTrue();
        assertThat(s.at("/end_to_end_latency_ms/count").asLong()).isEqualTo(CUSTOMERS);
        assertThat(s.get("partitions")).hasSize(3);
        assertThat(s.at("/drift/window_size").asInt()).isEqualTo(10_000);
        assertThat(s.at("/drift/window_records").asInt()).isEqualTo(CUSTOMERS);
        assertThat(s.at("/drift/feature_psi")).hasSize(19);
        assertThat(s.at("/drift/drifted_features")).as("generated customers are like the training data").isEmpty();
        assertThat(Files.exists(Path.of(summary.toString().replace(".json", ".html")))).isTrue();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
