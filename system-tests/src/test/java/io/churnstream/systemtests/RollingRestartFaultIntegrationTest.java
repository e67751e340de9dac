package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.churnstream.broker.LocalCluster;
import io.churnstream.common.TestJars;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.kafka.Topics;
import io.churnstream.common.record.EventTime;
import io.churnstream.common.record.Prediction;
import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 10: while {@code producer.jar streaming} sends 500 events/s and {@code consumer.jar streaming} scores them
 * at least once, every broker of the cluster in turn is stopped (SIGTERM, a controlled shutdown) and restarted, the
 * next one only once every replica is back in sync. Nothing is lost. Reports the longest gap between two predictions
 * and the p99 end-to-end latency during the roll. See docs/reliability.md.
 */
@Tag("faults")
@Tag("cluster")
class RollingRestartFaultIntegrationTest extends ClusterScenario {

    private static final Pipeline PIPELINE = Pipeline.named("rolling");
    private static final int EVENTS_PER_SECOND = 500;
    private static final int PROGRESS = 1_000;
    private static final int POLL = 100;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void should_lose_nothing_while_every_broker_restarts_in_turn() throws Exception {
        createInput(PIPELINE, Topics.RAW_PARTITIONS);
        // The broker's append time on each prediction is when it became readable: the end of its end-to-end latency.
        topics().create(PIPELINE.predictions(), Topics.PREDICTION_PARTITIONS, REPLICAS,
                Map.of("min.insync.replicas", "2", "message.timestamp.type", "LogAppendTime"));
        TopicIO topics = topics();
        GroupProgress progress = new GroupProgress(topics, PIPELINE);
        ConsumerJar consumerJar = new ConsumerJar(dir.resolve("consumer"), cluster.bootstrapServers(), PIPELINE,
                List.of("-X", "consumer.max.poll.records=" + POLL));

        long rollStart;
        long rollEnd;
        try (StreamingProducer producer = StreamingProducer.start(dir.resolve("producer"), cluster.bootstrapServers(),
                PIPELINE.input(), EVENTS_PER_SECOND, 10);
             ConsumerJar.Instance consumer = consumerJar.streaming()) {
            progress.awaitBothPast(producer.process(), consumer.process(), PROGRESS, TIMEOUT);

            rollStart = System.currentTimeMillis();
            for (LocalCluster.Node node : cluster.nodes()) {
                assertThat(node.stop()).as("node %d's exit code after SIGTERM", node.id()).isZero();
                node.restart();
                cluster.awaitFullIsr(TIMEOUT);
            }
            rollEnd = System.currentTimeMillis();
            progress.awaitBothPast(producer.process(), consumer.process(), progress.inputEnd() + PROGRESS, TIMEOUT);

            producer.stopAndCheck(topics);
            progress.awaitDrained(consumer.process(), TIMEOUT);
            assertThat(consumer.process().stop(TestJars.STOP_TIMEOUT)).as(consumer.output()).isZero();
        }
        Invariant.Report report = Invariant.check(topics, PIPELINE, Delivery.AT_LEAST_ONCE).assertHolds()
                .assertDuplicatesAtMost(3L * POLL);
        System.out.printf(Locale.ROOT, "rolling restart of %d nodes in %.1f s: %s; %s%n", cluster.nodes().size(),
                (rollEnd - rollStart) / 1e3, report.counts(), during(topics, rollStart, rollEnd));
    }

    /** The longest gap between two predictions, and the p99 from event to readable prediction, of events in the window. */
    private static String during(TopicIO topics, long from, long to) throws IOException {
        List<Long> appended = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : topics.readAll(PIPELINE.predictions(), true)) {
            long event = EventTime.epochMillis(Json.read(r.value(), Prediction.class).eventTs());
            if (r.timestamp() >= from && r.timestamp() <= to) {
                appended.add(r.timestamp());
            }
            if (event >= from && event <= to) {
                latencies.add(r.timestamp() - event);
            }
        }
        assertThat(appended).as("predictions during the roll").isNotEmpty();
        appended.sort(null);
        latencies.sort(null);
        long gap = appended.get(0) - from;
        for (int i = 1; i < appended.size(); i++) {
            gap = Math.max(gap, appended.get(i) - appended.get(i - 1));
        }
        gap = Math.max(gap, to - appended.get(appended.size() - 1));
        long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
        return String.format(Locale.ROOT, "longest gap between two predictions %.1f s, end-to-end latency p99 %.1f s, "
                + "max %.1f s (%d events)", gap / 1e3, p99 / 1e3, latencies.get(latencies.size() - 1) / 1e3, latencies.size());
    }

}
