package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.churnstream.broker.LocalCluster;
import io.churnstream.common.TestJars;
import io.churnstream.common.TopicIO;
import io.churnstream.common.kafka.Topics;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 9: {@code producer.jar batch --exactly-once} and {@code consumer.jar streaming --exactly-once} run together on
 * a three-node cluster while the broker that leads the most of their partitions is SIGKILLed and restarted, three
 * times. Every row reaches the input once, and every input record comes out once, for a read_committed reader. See
 * docs/reliability.md.
 */
@Tag("faults")
@Tag("cluster")
class LeaderFailoverFaultIntegrationTest extends ClusterScenario {

    private static final Pipeline PIPELINE = Pipeline.named("failover");
    private static final int KILLS = 3;
    private static final int ROWS = 4_000;
    /** Each kill comes once the producer run of the moment has checkpointed this many rows. */
    private static final int KILL_AT_ROW = 1_000;
    private static final int POLL = 200;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void should_lose_and_duplicate_nothing_for_a_read_committed_reader_through_three_leader_kills() throws Exception {
        TopicIO topics = topics();
        GroupProgress progress = new GroupProgress(topics, PIPELINE);
        List<GeneratedInput> inputs = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            inputs.add(GeneratedInput.generate(dir.resolve("input-" + i), ROWS, 90 + i));
        }
        // The jars create every topic themselves, replicated as they do on a cluster of three.
        ConsumerJar consumerJar = new ConsumerJar(dir.resolve("consumer"), cluster.bootstrapServers(), PIPELINE,
                List.of("--exactly-once", "--instance-id", "failover", "--scoring-threads", "1",
                        "-X", "consumer.max.poll.records=" + POLL));

        try (ConsumerJar.Instance consumer = consumerJar.streaming()) {
            consumer.process().awaitLine(line -> line.contains("partitions assigned: [" + PIPELINE.input()), TIMEOUT);
            assertReplicatedAsOnACluster(topics);
            for (int i = 0; i < KILLS; i++) {
                ProducerBatch batch = new ProducerBatch(dir.resolve("producer-" + i), cluster.bootstrapServers(),
                        inputs.get(i).file(), PIPELINE.input(), List.of("--exactly-once", "--batch-size", "100"));
                LocalCluster.Node leader = busiestLeader(Map.of(PIPELINE.input(), Topics.RAW_PARTITIONS,
                        PIPELINE.predictions(), Topics.PREDICTION_PARTITIONS,
                        PIPELINE.deadLetters(), Topics.DEAD_LETTER_PARTITIONS));
                try (JvmProcess producer = batch.start()) {
                    producer.await(TIMEOUT, "checkpoint at row " + KILL_AT_ROW,
                            () -> ProducerBatch.nextRow(batch.checkpoint()) >= KILL_AT_ROW || !producer.isAlive());
                    assertThat(producer.isAlive()).as("the producer runs when its leader is killed:\n" + producer.tail())
                            .isTrue();
                    assertThat(consumer.process().isAlive()).as(consumer.output()).isTrue();
                    leader.kill();
                    long committed = progress.committed();
                    System.out.printf("kill %d: node %d, with run %d of the producer at row %d and the group committed "
                            + "to input offset %d%n", i + 1, leader.id(), i + 1, ProducerBatch.nextRow(batch.checkpoint()),
                            committed);

                    assertThat(producer.awaitExit(TIMEOUT)).as(producer.tail()).isZero();
                    progress.awaitCommitted(consumer.process(), committed + POLL, TIMEOUT);
                    leader.restart();
                    cluster.awaitFullIsr(TIMEOUT);
                }
            }
            progress.awaitDrained(consumer.process(), TIMEOUT);
            assertThat(consumer.process().stop(TestJars.STOP_TIMEOUT)).as(consumer.output()).isZero();
        }

        List<String> rows = new ArrayList<>();
        inputs.forEach(input -> rows.addAll(input.rows()));
        Invariant.delivered(Ledger.of(rows), GeneratedInput.rowsOn(topics, PIPELINE.input(), true), Delivery.EXACTLY_ONCE)
                .assertHolds();
        Invariant.Report report = Invariant.check(topics, PIPELINE, Delivery.EXACTLY_ONCE).assertHolds();
        assertThat(report.outputs()).as(report.counts()).isEqualTo((long) KILLS * ROWS);
    }

    /** The topics the jars created: three replicas of every partition, two of which must be in sync for a write. */
    private static void assertReplicatedAsOnACluster(TopicIO topics) throws Exception {
        for (String topic : List.of(PIPELINE.input(), PIPELINE.predictions(), PIPELINE.deadLetters())) {
            Optional<TopicDescription> described = topics.describe(topic);
            assertThat(described).as(topic).isPresent();
            assertThat(described.get().partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(REPLICAS));
            assertThat(topics.config(topic, "min.insync.replicas")).as(topic).isEqualTo("2");
        }
    }
}
