package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.churnstream.common.TopicIO;
import io.churnstream.broker.KafkaProcess;
import io.churnstream.common.checkpoint.Checkpoint;
import io.churnstream.common.json.Json;
import io.churnstream.systemtests.Invariant.Delivery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 7: after a kill -9, the batch producer's checkpoint is truncated, emptied, or has a stale temp file
 * beside it. The producer refuses a damaged checkpoint in one line, or resumes from the intact one; the topic
 * never misses a row. See docs/reliability.md.
 */
@Tag("faults")
class CheckpointFaultIntegrationTest {

    private static final int ROWS = 10_000;
    private static final int BATCH = 100;
    private static final long CRASH_AT = ROWS / 10;

    @TempDir
    static Path dir;

    private static KafkaProcess kafka;
    private static TopicIO audit;
    private static GeneratedInput input;

    /** What happened to the checkpoint file between the crash and the rerun. */
    enum Damage {
        TRUNCATED_TO_HALF, TRUNCATED_BY_ONE_BYTE, ZERO_BYTES;

        byte[] apply(byte[] good) {
            return switch (this) {
                case TRUNCATED_TO_HALF -> Arrays.copyOf(good, good.length / 2);
                case TRUNCATED_BY_ONE_BYTE -> Arrays.copyOf(good, good.length - 1);
                case ZERO_BYTES -> new byte[0];
            };
        }
    }

    /** A temp file left beside the checkpoint, as a crash between writing it and renaming it would leave. */
    enum StaleTemp {
        /** A complete temp file claiming the whole input is done, beside an older intact checkpoint. */
        CLAIMING_THE_END,
        /** A half-written temp file beside an intact checkpoint. */
        HALF_WRITTEN,
        /** A temp file claiming the whole input is done, and no checkpoint at all. */
        WITHOUT_CHECKPOINT
    }

    @BeforeAll
    static void startBroker() {
        kafka = KafkaProcess.start(dir.resolve("kafka"));
        audit = new TopicIO(kafka.bootstrapServers());
        input = GeneratedInput.generate(dir, ROWS, 7);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void should_refuse_truncated_or_empty_checkpoints_in_one_line_and_lose_no_row_after_a_reset() throws Exception {
        String topic = "damaged-checkpoint";
        ProducerBatch batch = crashed(topic);
        long crashedAt = ProducerBatch.nextRow(batch.checkpoint());
        byte[] intact = Files.readAllBytes(batch.checkpoint());

        for (Damage damage : Damage.values()) {
            byte[] damaged = damage.apply(intact);
            Files.write(batch.checkpoint(), damaged);

            ProducerBatch.Result refused = batch.run();

            assertThat(refused.exitCode()).as("%s: %s", damage, refused.output()).isEqualTo(2);
            assertThat(refused.output().lines().filter(l -> l.startsWith("error: ")).toList()).as("%s: %s", damage, refused.output())
                    .singleElement().asString().contains(batch.checkpoint().toString()).contains("--reset-checkpoint");
            assertThat(refused.output()).as("%s: no stack trace", damage).doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(Files.readAllBytes(batch.checkpoint())).as("%s: the damaged checkpoint is left as evidence", damage)
                    .isEqualTo(damaged);
        }
        ProducerBatch.Result reset = batch.run("--reset-checkpoint");

        assertThat(reset.exitCode()).as(reset.output()).isZero();
        Ledger onTopic = GeneratedInput.rowsOn(audit, topic, false);
        Invariant.delivered(input.ledger(), onTopic, Delivery.AT_LEAST_ONCE).assertHolds();
        assertThat(rowsNotOccurring(onTopic, 0, crashedAt, 2)).as("rows before the crash: sent, then rescanned").isEmpty();
        assertThat(rowsNotOccurring(onTopic, crashedAt + BATCH, ROWS, 1))
                .as("rows after the crash's batch: sent once, so no refused run sent anything").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StaleTemp.class)
    void should_ignore_a_stale_temp_file_and_skip_no_row(StaleTemp stale) throws Exception {
        String topic = "stale-temp-" + stale.name().toLowerCase();
        ProducerBatch batch = crashed(topic);
        long crashedAt = ProducerBatch.nextRow(batch.checkpoint());
        Path temp = batch.checkpoint().resolveSibling(batch.checkpoint().getFileName() + ".tmp");
        Checkpoint intact = Json.read(Files.readAllBytes(batch.checkpoint()), Checkpoint.class);
        byte[] claimingTheEnd = Json.write(Checkpoint.of(intact.input(), intact.topic(), ROWS));
        switch (stale) {
            case CLAIMING_THE_END -> Files.write(temp, claimingTheEnd);
            case HALF_WRITTEN -> Files.write(temp, Arrays.copyOf(claimingTheEnd, claimingTheEnd.length / 2));
            case WITHOUT_CHECKPOINT -> {
                Files.write(temp, claimingTheEnd);
                Files.delete(batch.checkpoint());
            }
        }

        ProducerBatch.Result rerun = batch.run();

        assertThat(rerun.exitCode()).as(rerun.output()).isZero();
        Ledger onTopic = GeneratedInput.rowsOn(audit, topic, false);
        Invariant.delivered(input.ledger(), onTopic, Delivery.AT_LEAST_ONCE).assertHolds();
        int before = stale == StaleTemp.WITHOUT_CHECKPOINT ? 2 : 1;
        assertThat(rowsNotOccurring(onTopic, 0, crashedAt, before))
                .as("rows before the crash checkpoint: re-sent only when there was no checkpoint to resume from").isEmpty();
        assertThat(rowsNotOccurring(onTopic, crashedAt + BATCH, ROWS, 1)).as("rows after the crash's batch").isEmpty();
        assertThat(ProducerBatch.nextRow(batch.checkpoint())).as("checkpoint after the rerun").isEqualTo(ROWS);
        assertThat(temp).as("the stale temp file was replaced by the rerun's own saves").doesNotExist();
    }

    @Test
    void should_refuse_a_checkpoint_of_the_same_input_sent_to_another_topic() throws Exception {
        Path work = dir.resolve("other-topic");
        List<String> options = List.of("--batch-size", Integer.toString(BATCH));
        ProducerBatch.Result first = new ProducerBatch(work, kafka.bootstrapServers(), input.file(), "first-topic", options).run();
        assertThat(first.exitCode()).as(first.output()).isZero();

        ProducerBatch.Result refused = new ProducerBatch(work, kafka.bootstrapServers(), input.file(), "second-topic", options).run();

        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output().lines().filter(l -> l.startsWith("error: ")).toList()).as(refused.output())
                .singleElement().asString().contains("first-topic").contains("second-topic").contains("--reset-checkpoint");
        assertThat(refused.output()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(ProducerBatch.nextRow(work.resolve("checkpoint.json"))).as("first topic's checkpoint kept").isEqualTo(ROWS);
    }

    @Test
    void should_send_every_row_to_a_second_topic_exactly_once_with_the_default_transactional_id() {
        List<String> options = List.of("--batch-size", "500", "--exactly-once");
        ProducerBatch.Result first = new ProducerBatch(dir.resolve("eo-first"), kafka.bootstrapServers(), input.file(),
                "eo-first-topic", options).run();
        assertThat(first.exitCode()).as(first.output()).isZero();

        ProducerBatch.Result second = new ProducerBatch(dir.resolve("eo-second"), kafka.bootstrapServers(), input.file(),
                "eo-second-topic", options).run();

        assertThat(second.exitCode()).as(second.output()).isZero();
        Invariant.delivered(input.ledger(), GeneratedInput.rowsOn(audit, "eo-second-topic", true), Delivery.EXACTLY_ONCE)
                .assertHolds();
    }

    /** A batch command on its own topic, SIGKILLed once at least {@link #CRASH_AT} rows are checkpointed. */
    private static ProducerBatch crashed(String topic) {
        ProducerBatch batch = new ProducerBatch(dir.resolve(topic), kafka.bootstrapServers(), input.file(), topic,
                List.of("--batch-size", Integer.toString(BATCH)));
        long left = batch.killAtRow(CRASH_AT);
        assertThat(left).as("checkpoint left by the kill").isBetween(CRASH_AT, ROWS - 1L);
        return batch;
    }

    /** File rows in [from, to) that do not occur exactly {@code times} on the topic (rows repeated in the file are skipped). */
    private static List<String> rowsNotOccurring(Ledger onTopic, long from, long to, int times) {
        Ledger file = input.ledger();
        List<String> wrong = new ArrayList<>();
        for (int i = (int) from; i < Math.min(to, ROWS); i++) {
            String row = input.rows().get(i);
            if (file.count(row) == 1 && onTopic.count(row) != times) {
                wrong.add("row " + i + " x" + onTopic.count(row));
            }
        }
        return wrong;
    }
}
