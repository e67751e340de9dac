package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.churnstream.broker.KafkaProcess;
import io.churnstream.broker.LocalCluster;
import io.churnstream.common.TestJars;
import io.churnstream.common.TopicIO;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 11: while {@code producer.jar streaming} and {@code consumer.jar streaming} run on a three-node cluster,
 * two nodes are stopped, so the controller quorum is lost and acks=all with {@code min.insync.replicas=2} can take no
 * write. Neither jar reports progress it did not make, the consumer's health check says so, and both resume by
 * themselves once the nodes are back. See docs/reliability.md.
 */
@Tag("faults")
@Tag("cluster")
class QuorumLossFaultIntegrationTest extends ClusterScenario {

    private static final Pipeline PIPELINE = Pipeline.named("quorum");
    private static final int EVENTS_PER_SECOND = 100;
    private static final int PROGRESS = 300;
    private static final int POLL = 100;
    private static final Duration HEALTH_TURNS = Duration.ofSeconds(30);
    /** Long enough for several of the producer's progress lines (one every 5 s), well within its 120 s delivery timeout. */
    private static final Duration OUTAGE = Duration.ofSeconds(25);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void should_take_no_write_and_commit_nothing_without_a_quorum_and_resume_by_themselves() throws Exception {
        createInput(PIPELINE, 3);
        TopicIO topics = topics();
        GroupProgress progress = new GroupProgress(topics, PIPELINE);
        int metricsPort = KafkaProcess.freePort();
        ConsumerJar consumerJar = new ConsumerJar(dir.resolve("consumer"), cluster.bootstrapServers(), PIPELINE,
                List.of("-X", "consumer.max.poll.records=" + POLL, "--metrics-port", Integer.toString(metricsPort)));

        try (StreamingProducer producer = StreamingProducer.start(dir.resolve("producer"), cluster.bootstrapServers(),
                PIPELINE.input(), EVENTS_PER_SECOND, 11);
             ConsumerJar.Instance consumer = consumerJar.streaming()) {
            progress.awaitBothPast(producer.process(), consumer.process(), PROGRESS, TIMEOUT);
            awaitHealth(consumer.process(), metricsPort, 200, TIMEOUT);

            // The node that coordinates the group stays up, so the committed offsets can be read throughout.
            int coordinator = topics.coordinator(PIPELINE.group());
            List<LocalCluster.Node> stopped = cluster.nodes().stream().filter(n -> n.id() != coordinator).toList();
            stopped.forEach(LocalCluster.Node::stop);
            long down = System.nanoTime();
            int producerMark = producer.outputMark();
            Map<TopicPartition, Long> committed = progress.committedOffsets();

            long toUnhealthy = awaitHealth(consumer.process(), metricsPort, 503, HEALTH_TURNS);
            sleepUntil(down + OUTAGE.toNanos());
            assertThat(progress.committedOffsets()).as("offsets committed without a quorum").isEqualTo(committed);
            List<Long> reported = producer.sentReportedSince(producerMark);
            assertThat(reported).as("the producer's progress lines while the quorum was lost").hasSizeGreaterThanOrEqualTo(3);
            assertThat(reported.stream().distinct()).as("events reported acknowledged without a quorum").hasSize(1);
            assertThat(producer.process().isAlive()).as(producer.process().tail()).isTrue();
            assertThat(consumer.process().isAlive()).as(consumer.output()).isTrue();
            System.out.printf("quorum lost for %d s: /health 503 after %.1f s; producer stayed at %d acknowledged, "
                    + "offsets stayed at %s%n", OUTAGE.toSeconds(), toUnhealthy / 1e9, reported.get(0), committed);

            stopped.forEach(LocalCluster.Node::restart);
            progress.awaitBothPast(producer.process(), consumer.process(), progress.inputEnd() + PROGRESS, TIMEOUT);
            awaitHealth(consumer.process(), metricsPort, 200, TIMEOUT);

            producer.stopAndCheck(topics);
            progress.awaitDrained(consumer.process(), TIMEOUT);
            assertThat(consumer.process().stop(TestJars.STOP_TIMEOUT)).as(consumer.output()).isZero();
        }
        Invariant.check(topics, PIPELINE, Delivery.AT_LEAST_ONCE).assertHolds().assertUniqueInputs()
                .assertDuplicatesAtMost(2L * POLL);
    }


    /** Waits until {@code /health} answers {@code status}; returns the nanoseconds it took. */
    private static long awaitHealth(JvmProcess consumer, int port, int status, Duration timeout) {
        long start = System.nanoTime();
        consumer.await(timeout, "/health answering " + status, () -> health(port) == status);
        return System.nanoTime() - start;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
    }
}
