package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.churnstream.broker.KafkaProcess;
import io.churnstream.common.TopicIO;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.systemtests.Invariant.Delivery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6: the producer in batch mode is SIGKILLed five times on a 100,000-row file, each time after at least
 * 10% more progress, and the same command is rerun until it completes. See docs/reliability.md.
 */
@Tag("faults")
class ProducerCrashFaultIntegrationTest {

    private static final int ROWS = 100_000;
    private static final int KILLS = 5;
    private static final int BATCH = 100;
    private static final int IN_FLIGHT = 2;
    /** Rows per transaction: bigger than a batch, since a transaction per 100 rows would dominate the suite's time. */
    private static final int TRANSACTION = 500;
    private static final long SEED = Long.getLong("faults.seed", System.nanoTime());

    @TempDir
    static Path dir;

    private static KafkaProcess kafka;
    private static TopicIO audit;
    private static GeneratedInput input;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaProcess.start(dir.resolve("kafka"));
        audit = new TopicIO(kafka.bootstrapServers());
        input = GeneratedInput.generate(dir, ROWS, 6);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void should_lose_no_row_across_five_kills_and_duplicate_only_rows_in_flight_at_each_kill() {
        ProducerBatch batch = new ProducerBatch(dir.resolve("at-least-once"), kafka.bootstrapServers(), input.file(),
                "crash-at-least-once", List.of("--batch-size", Integer.toString(BATCH), "--in-flight-batches", Integer.toString(IN_FLIGHT)));
        List<Long> killedAt = crashFiveTimesThenComplete(batch);

        Ledger topic = GeneratedInput.rowsOn(audit, "crash-at-least-once", false);
        int window = BATCH * IN_FLIGHT;
        Invariant.delivered(input.ledger(), topic, Delivery.AT_LEAST_ONCE).assertHolds()
                .assertDuplicatesAtMost((long) KILLS * window);
        assertThat(duplicatedOutside(topic, killedAt, window))
                .as("rows duplicated although no kill left them in flight (checkpoints at kills %s, seed %d)", killedAt, SEED)
                .isEmpty();
    }

    @Test
    void should_show_every_row_exactly_once_to_a_read_committed_reader_across_five_kills() {
        ProducerBatch batch = new ProducerBatch(dir.resolve("exactly-once"), kafka.bootstrapServers(), input.file(),
                "crash-exactly-once", List.of("--batch-size", Integer.toString(TRANSACTION), "--exactly-once"));
        crashFiveTimesThenComplete(batch);

        Invariant.Report committed = Invariant.delivered(input.ledger(),
                GeneratedInput.rowsOn(audit, "crash-exactly-once", true), Delivery.EXACTLY_ONCE).assertHolds();
        assertThat(committed.outputs()).as("records a read_committed reader sees").isEqualTo(ROWS);
    }

    /** Five kills at random rows, each at least 10% past the previous checkpoint, then a rerun to the end. */
    private static List<Long> crashFiveTimesThenComplete(ProducerBatch batch) {
        Random random = new Random(SEED);
        List<Long> killedAt = new ArrayList<>();
        long progress = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            long target = progress + ROWS / 10 + random.nextInt(ROWS / 20);
            long left = batch.killAtRow(target);
            assertThat(left).as("checkpoint after kill %d aimed at row %d (seed %d)", kill, target, SEED)
                    .isGreaterThanOrEqualTo(target).isLessThan(ROWS);
            killedAt.add(left);
            progress = left;
        }
        ProducerBatch.Result last = batch.run();
        assertThat(last.exitCode()).as("rerun after %d kills:\n%s", KILLS, JvmProcess.tail(last.output())).isZero();
        assertThat(ProducerBatch.nextRow(batch.checkpoint())).as("final checkpoint").isEqualTo(ROWS);
        return killedAt;
    }

    /** Rows of the file that occur more than once on the topic although they lie in no post-kill window. */
    private static List<String> duplicatedOutside(Ledger topic, List<Long> killedAt, int window) {
        Ledger file = input.ledger();
        List<String> outside = new ArrayList<>();
        List<String> rows = input.rows();
        for (int i = 0; i < rows.size(); i++) {
            String row = rows.get(i);
            if (file.count(row) == 1 && topic.count(row) > 1 && !inWindow(i, killedAt, window)) {
                outside.add("row " + i + " x" + topic.count(row));
            }
        }
        return outside;
    }

    private static boolean inWindow(long row, List<Long> killedAt, int window) {
        return killedAt.stream().anyMatch(at -> row >= at && row < at + window);
    }
}
