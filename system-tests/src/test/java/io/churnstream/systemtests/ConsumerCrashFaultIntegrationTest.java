package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 1: {@code consumer.jar streaming} is SIGKILLed five times, each after at least 10% more of its input is
 * committed, and restarted; a batch run drains the rest. See docs/reliability.md.
 */
@Tag("faults")
class ConsumerCrashFaultIntegrationTest extends OwnBroker {

    private static final int RECORDS = 10_000;
    private static final int KILLS = 5;
    /** max.poll.records: a kill can leave at most one poll's outputs written but uncommitted. */
    private static final int POLL = 100;
    private static final Duration PROGRESS_TIMEOUT = Duration.ofMinutes(2);
    private static final long SEED = Long.getLong("faults.seed", System.nanoTime());

    @Test
    void should_lose_nothing_across_five_consumer_kills_and_repeat_at_most_one_poll_per_kill() throws Exception {
        Pipeline pipeline = ConsumerInput.seeded(topics, "at-least-once", RECORDS, 1);

        killFiveTimesThenDrain(pipeline, List.of());

        Invariant.check(topics, pipeline, Delivery.AT_LEAST_ONCE).assertHolds().assertUniqueInputs()
                .assertDuplicatesAtMost((long) KILLS * POLL);
    }

    @Test
    void should_show_every_record_exactly_once_across_five_consumer_kills_with_exactly_once() throws Exception {
        Pipeline pipeline = ConsumerInput.seeded(topics, "exactly-once", RECORDS, 1);

        killFiveTimesThenDrain(pipeline, List.of("--exactly-once", "--instance-id", "crash-test"));

        Invariant.Report report = Invariant.check(topics, pipeline, Delivery.EXACTLY_ONCE).assertHolds().assertUniqueInputs();
        assertThat(report.outputs()).as("outputs a read_committed reader sees (seed %d)", SEED).isEqualTo(RECORDS);
    }

    /**
     * Five runs of the same streaming command, each SIGKILLed once the group has committed a random 10-12.5% of the
     * input past where the previous kill left it; then a batch run for exactly the records left.
     */
    private static void killFiveTimesThenDrain(Pipeline pipeline, List<String> mode) {
        List<String> options = new ArrayList<>(mode);
        options.addAll(ConsumerJar.interruptible(POLL));
        ConsumerJar consumer = new ConsumerJar(dir.resolve(pipeline.group()), kafka.bootstrapServers(), pipeline, options);
        GroupProgress progress = new GroupProgress(topics, pipeline);
        Random random = new Random(SEED);
        long committed = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            long target = committed + RECORDS / 10 + random.nextInt(RECORDS / 40);
            try (ConsumerJar.Instance run = consumer.streaming()) {
                progress.awaitCommitted(run.process(), target, PROGRESS_TIMEOUT);
                run.process().kill();
            }
            committed = progress.committed();
            assertThat(committed).as("committed after kill %d aimed at %d (seed %d)", kill, target, SEED)
                    .isGreaterThanOrEqualTo(target).isLessThan(RECORDS);
        }
        long left = RECORDS - committed;
        ConsumerJar.Run rest = consumer.batch("--max-messages", Long.toString(left), "--timeout-ms", "60000");
        assertThat(rest.exitCode()).as("batch run after %d kills:\n%s", KILLS, rest.output()).isZero();
        assertThat(rest.summary().get("consumed").asLong()).as("the batch run resumes at the committed offsets")
                .isEqualTo(left);
    }
}
