package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.churnstream.common.TestJars;
import io.churnstream.common.kafka.Topics;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: a streaming consumer is SIGSTOPped past its session timeout, a second instance of the group takes all
 * its partitions, then the first is SIGCONTed. The zombie's late writes are fenced (exactly-once) or mere duplicates
 * (at-least-once), and nothing is lost. See docs/reliability.md.
 */
@Tag("faults")
class ConsumerPauseFaultIntegrationTest extends OwnBroker {

    private static final int RECORDS = 6_000;
    private static final int POLL = 100;
    private static final String ZOMBIE = "zombie";
    private static final String SUCCESSOR = "successor";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void should_lose_nothing_and_only_duplicate_when_a_frozen_consumer_wakes_up_after_its_successor_took_over() throws Exception {
        Pipeline pipeline = ConsumerInput.seeded(topics, "pause-at-least-once", RECORDS, 3);

        freezeTakeOverAndWake(pipeline, List.of());

        Invariant.check(topics, pipeline, Delivery.AT_LEAST_ONCE).assertHolds().assertUniqueInputs()
                .assertDuplicatesAtMost(3L * POLL);
    }

    @Test
    void should_fence_a_frozen_exactly_once_consumer_so_no_record_is_output_twice() throws Exception {
        Pipeline pipeline = ConsumerInput.seeded(topics, "pause-exactly-once", RECORDS, 3);

        freezeTakeOverAndWake(pipeline, List.of("--exactly-once"));

        Invariant.Report report = Invariant.check(topics, pipeline, Delivery.EXACTLY_ONCE).assertHolds().assertUniqueInputs();
        assertThat(report.outputs()).as("outputs a read_committed reader sees").isEqualTo(RECORDS);
    }

    /**
     * Streams with one instance until 10% is committed, SIGSTOPs it, starts a second instance and waits until the
     * group has given it every partition, SIGCONTs the first, lets both drain the input, then stops both.
     */
    private static void freezeTakeOverAndWake(Pipeline pipeline, List<String> mode) {
        List<String> options = new ArrayList<>(mode);
        options.addAll(ConsumerJar.interruptible(POLL));
        ConsumerJar consumer = new ConsumerJar(dir.resolve(pipeline.group()), kafka.bootstrapServers(), pipeline, options);
        GroupProgress progress = new GroupProgress(topics, pipeline);
        try (ConsumerJar.Instance zombie = consumer.streaming("--instance-id", ZOMBIE);
             ConsumerJar.Instance successor = startWhenFrozen(consumer, progress, zombie.process())) {
            successor.process().await(TIMEOUT, "the successor to own every partition", () -> ownsEverything(pipeline));
            zombie.process().resume();
            progress.awaitDrained(successor.process(), TIMEOUT);

            assertThat(zombie.process().stop(TestJars.STOP_TIMEOUT)).as(zombie.output()).isZero();
            assertThat(successor.process().stop(TestJars.STOP_TIMEOUT)).as(successor.output()).isZero();
            assertThat(zombie.process().output()).as("the zombie learnt it had lost its partitions")
                    .contains("partitions lost");
        }
    }

    private static ConsumerJar.Instance startWhenFrozen(ConsumerJar consumer, GroupProgress progress, JvmProcess zombie) {
        progress.awaitCommitted(zombie, RECORDS / 10, TIMEOUT);
        zombie.pause();
        return consumer.streaming("--instance-id", SUCCESSOR);
    }

    private static boolean ownsEverything(Pipeline pipeline) {
        try {
            Map<String, Set<TopicPartition>> members = topics.assignments(pipeline.group());
            Set<TopicPartition> owned = members.get("churnstream-consumer-" + SUCCESSOR);
            return members.size() == 1 && owned != null && owned.size() == Topics.RAW_PARTITIONS;
        } catch (Exception e) {
            return false;
        }
    }
}
