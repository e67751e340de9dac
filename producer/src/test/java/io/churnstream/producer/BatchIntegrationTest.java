package io.churnstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.LegacyMessages;
import io.churnstream.common.TopicIO;
import io.churnstream.common.checkpoint.Checkpoint;
import io.churnstream.common.checkpoint.CheckpointStore;
import io.churnstream.common.checkpoint.FileIdentity;
import io.churnstream.common.json.Json;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.producer.source.CustomerCsv;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaBrokerExtension.class)
class BatchIntegrationTest {

    @TempDir
    Path dir;

    private Path generate(int rows) throws Exception {
        ProducerJar.Result r = ProducerJar.run(dir, "generate", "--rows", Integer.toString(rows), "--seed", "7", "--out", "in.csv");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return dir.resolve("in.csv");
    }

    /** Data lines of the file (without the header), as a count per line. */
    private static Map<String, Integer> lines(Path csv) throws Exception {
        Map<String, Integer> m = new HashMap<>();
        List<String> all = Files.readAllLines(csv, StandardCharsets.UTF_8);
        all.subList(1, all.size()).forEach(l -> m.merge(l, 1, Integer::sum));
        return m;
    }

    @Test
    void should_publish_every_row_with_its_key_and_value(TestBroker broker) throws Exception {
        Path csv = generate(20_000);
        String topic = "batch-" + UUID.randomUUID();
        ProducerJar.Result r = ProducerJar.run(dir, "batch", "--input", csv.toString(), "--topic", topic,
                "--broker", broker.bootstrapServers(), "--summary-json", "summary.json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();

        List<TopicReader.Read> read = TopicReader.readAll(broker.bootstrapServers(), topic, false);
        assertThat(read).hasSize(20_000);
        Map<String, Integer> got = new HashMap<>();
        for (TopicReader.Read rec : read) {
            assertThat(rec.key()).isEqualTo(rec.value().customerId());
            assertThat(rec.value().eventTs()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            got.merge(CustomerCsv.format(rec.value().withEventTs(null)), 1, Integer::sum);
        }
        assertThat(got).isEqualTo(lines(csv));
        JsonNode summary = Json.parse(Files.readAllBytes(dir.resolve("summary.json")));
        assertThat(summary.get("sent").asLong()).isEqualTo(20_000);
        assertThat(summary.get("throughput_per_s").asDouble()).isPositive();
        try (var reports = Files.list(dir.resolve("reports"))) {
            assertThat(reports.map(p -> p.getFileName().toString()))
                    .singleElement().asString().matches("producer_batch_summary_.*\\.json");
        }
    }

    @Test
    void should_write_what_the_earlier_consumer_accepts_with_the_legacy_wire_format(TestBroker broker) throws Exception {
        Path csv = generate(2_000);
        String topic = "legacy-" + UUID.randomUUID();
        ProducerJar.Result r = ProducerJar.run(dir, "batch", "--input", csv.toString(), "--topic", topic,
                "--broker", broker.bootstrapServers(), "--wire-format", "legacy");
        assertThat(r.exitCode()).as(r.stderr()).isZero();

        List<ConsumerRecord<byte[], byte[]>> read = new TopicIO(broker.bootstrapServers()).readAll(topic, false);
        assertThat(read).hasSize(2_000);
        Map<String, Integer> got = new HashMap<>();
        int blanks = 0;
        for (ConsumerRecord<byte[], byte[]> rec : read) {
            JsonNode value = Json.parse(rec.value());
            assertThat(LegacyMessages.customerSchema().validate(value)).as(value.toString()).isEmpty();
            assertThat(value.get("TotalCharges").isTextual()).isTrue();
            blanks += value.get("TotalCharges").asText().isBlank() ? 1 : 0;
            got.merge(CustomerCsv.format(Json.read(rec.value(), CustomerRecord.class).withEventTs(null)), 1, Integer::sum);
        }
        assertThat(blanks).as("customers in their first month").isPositive();
        assertThat(got).isEqualTo(lines(csv));
    }

    @Test
    void should_resume_from_checkpoint_after_kill_9_without_losing_rows(TestBroker broker) throws Exception {
        assertResumesAfterKill(broker, false);
    }

    @Test
    void should_deliver_each_row_exactly_once_across_kill_9_with_transactions(TestBroker broker) throws Exception {
        assertResumesAfterKill(broker, true);
    }

    private void assertResumesAfterKill(TestBroker broker, boolean exactlyOnce) throws Exception {
        int rows = 60_000;
        Path csv = generate(rows);
        String topic = "resume-" + UUID.randomUUID();
        Path checkpoint = dir.resolve("cp.json");
        List<String> args = new java.util.ArrayList<>(List.of("batch", "--input", csv.toString(), "--topic", topic,
                "--broker", broker.bootstrapServers(), "--checkpoint", checkpoint.toString(), "--batch-size", "100"));
        if (exactlyOnce) {
            args.addAll(List.of("--exactly-once", "--transactional-id", "test-" + topic));
        }
        try (JvmProcess first = ProducerJar.start(dir, args)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (progress(checkpoint) < 2_000 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(first.isAlive()).as("still running when killed").isTrue();
            first.kill();
        }
        long killedAt = progress(checkpoint);
        assertThat(killedAt).isBetween(1L, rows - 1L);

        ProducerJar.Result second = ProducerJar.run(dir, args.toArray(String[]::new));
        assertThat(second.exitCode()).as(second.stderr()).isZero();

        List<TopicReader.Read> read = TopicReader.readAll(broker.bootstrapServers(), topic, exactlyOnce);
        Set<String> expected = new HashSet<>();
        Files.readAllLines(csv).stream().skip(1).forEach(l -> expected.add(l.substring(0, l.indexOf(','))));
        Set<String> keys = new HashSet<>();
        read.forEach(r -> keys.add(r.key()));
        assertThat(keys).isEqualTo(expected);
        if (exactlyOnce) {
            assertThat(read).hasSize(rows);
        } else {
            assertThat(read.size() - rows).as("duplicates").isBetween(0, 100);
        }
    }

    /** Reads the checkpoint without {@link CheckpointStore#load()}, which would clean the writer's temp file. */
    private static long progress(Path checkpoint) {
        try {
            return Files.exists(checkpoint) ? Json.read(Files.readAllBytes(checkpoint), Checkpoint.class).nextRow() : 0;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    @Test
    void should_refuse_a_checkpoint_of_another_file(TestBroker broker) throws Exception {
        Path csv = generate(10);
        Path other = dir.resolve("other.csv");
        Files.writeString(other, CustomerCsv.HEADER + "\n");
        Path checkpoint = dir.resolve("cp.json");
        new CheckpointStore(checkpoint).save(Checkpoint.of(FileIdentity.of(other), "telco.raw.customers", 1));

        ProducerJar.Result r = ProducerJar.run(dir, "batch", "--input", csv.toString(), "--checkpoint", checkpoint.toString(),
                "--broker", broker.bootstrapServers());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("belongs to another input").contains("--reset-checkpoint").doesNotContain("\tat ");
    }

    @Test
    void should_report_malformed_rows_by_line_and_send_the_rest(TestBroker broker) throws Exception {
        String good = "1000-GOODA,Female,0,Yes,No,1,No,No phone service,DSL,No,Yes,No,No,No,No,"
                + "Month-to-month,Yes,Electronic check,29.85,29.85,No";
        Path csv = dir.resolve("malformed.csv");
        try (var out = Files.newOutputStream(csv)) {
            out.write((CustomerCsv.HEADER + "\n" + good + "\n").getBytes(StandardCharsets.UTF_8));
            out.write((good.replace("1000-GOODA", "2000-BADQQ").replace("DSL", "\"DSL") + "\n").getBytes(StandardCharsets.UTF_8));
            out.write("3000-SHORT,Female,0\n".getBytes(StandardCharsets.UTF_8));
            out.write(good.replace("1000-GOODA", "4000-UTFXX").replace("Female", "Fem").getBytes(StandardCharsets.UTF_8));
            out.write(new byte[]{(byte) 0xFF, (byte) 0xFE, '\n'});
            out.write((good.replace("1000-GOODA", "5000-TENUR").replace(",1,No,No phone", ",abc,No,No phone") + "\n").getBytes(StandardCharsets.UTF_8));
            out.write((good.replace("1000-GOODA", "6000-NEGAT").replace(",1,No,No phone", ",-3,No,No phone") + "\n").getBytes(StandardCharsets.UTF_8));
            out.write((good.replace("1000-GOODA", "7000-GOODB") + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String topic = "malformed-" + UUID.randomUUID();
        ProducerJar.Result r = ProducerJar.run(dir, "batch", "--input", csv.toString(), "--topic", topic, "--validate",
                "--broker", broker.bootstrapServers(), "--summary-json", "summary.json", "--checkpoint", "cp.json");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("line 3: rejected: bad quoting").contains("line 4: rejected: expected 21 columns, got 3")
                .contains("line 5: rejected: invalid UTF-8 bytes").contains("line 6: rejected: tenure: not an integer: 'abc'")
                .contains("line 7: rejected 6000-NEGAT: tenure: must be >= 0");
        assertThat(TopicReader.readAll(broker.bootstrapServers(), topic, false)).extracting(TopicReader.Read::key)
                .containsExactlyInAnyOrder("1000-GOODA", "7000-GOODB");
        var summary = Json.parse(Files.readAllBytes(dir.resolve("summary.json")));
        assertThat(summary.get("read").asLong()).isEqualTo(7);
        assertThat(summary.get("sent").asLong()).isEqualTo(2);
        assertThat(summary.get("rejected").asLong()).isEqualTo(5);
    }
}
