package io.churnstream.consumer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.churnstream.common.cli.Shutdown;
import io.churnstream.consumer.observe.ConsumerMetrics;
import io.churnstream.consumer.observe.Health;
import io.churnstream.consumer.report.RunStats;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The loop's ordering of scoring, sending and completing, with Kafka's own in-memory consumer and a recording delivery. */
class ScoringLoopTest {

    private static final TopicPartition PARTITION = new TopicPartition(Inputs.TOPIC, 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final List<String> events = new ArrayList<>();
    private final RecordingDelivery delivery = new RecordingDelivery(events);
    private final RunStats stats = new RunStats();

    @Test
    void should_score_the_next_poll_before_completing_the_previous_one() {
        assign();
        poll(0, 3);
        poll(3, 6);

        run(6);

        assertThat(events).containsExactly("score 0", "send 0-2", "score 3", "complete 0-2", "send 3-5", "complete 3-5");
        assertThat(delivery.committed).isEqualTo(6);
        assertThat(stats.consumed()).isEqualTo(6);
    }

    @Test
    void should_rewind_a_poll_that_fails_to_complete_together_with_the_poll_scored_after_it() {
        assign();
        poll(0, 3);
        poll(3, 6);
        poll(0, 6);
        delivery.failCompletions = 1;

        run(6);

        assertThat(events).containsExactly("score 0", "send 0-2", "score 3", "failed 0-2", "recover",
                "score 0", "score 3", "send 0-5", "complete 0-5");
        assertThat(delivery.committed).isEqualTo(6);
        assertThat(stats.consumed()).as("each record counted once it is delivered").isEqualTo(6);
    }

    @Test
    void should_complete_the_poll_in_flight_before_partitions_are_revoked() {
        assign();
        poll(0, 3);
        consumer.schedulePollTask(() -> {
            events.add("revoking");
            consumer.rebalance(List.of());
        });
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            add(3, 6);
        });

        run(6);

        assertThat(events).containsExactly("score 0", "send 0-2", "revoking", "complete 0-2", "score 3", "send 3-5",
                "complete 3-5");
        assertThat(delivery.committed).isEqualTo(6);
    }

    private void run(int maxMessages) {
        RecordProcessor copy = new PassThroughProcessor("out");
        RecordProcessor logged = record -> {
            if (record.offset() % 3 == 0) {
                events.add("score " + record.offset());
            }
            return copy.process(record);
        };
        try (PollProcessor processor = new PollProcessor(logged, 1)) {
            ScoringLoop loop = new ScoringLoop(consumer, delivery, processor, stats, ConsumerMetrics.none("test"),
                    new Health(() -> true, "test"), Shutdown.manual(), new ScoringLoop.Retry(3, 1, 1));
            loop.run(Inputs.TOPIC, RunLimits.bounded(maxMessages, 2_000));
        }
    }

    private void assign() {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(PARTITION));
            consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        });
    }

    private void poll(int from, int to) {
        consumer.schedulePollTask(() -> add(from, to));
    }

    /** Adds offsets from..to-1, skipping any already added, so a rewind reads the same records again. */
    private void add(int from, int to) {
        for (int offset = from; offset < to; offset++) {
            consumer.addRecord(new ConsumerRecord<>(Inputs.TOPIC, 0, offset, null, bytes("v" + offset)));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Logs what the loop asks of it; can fail the next completions. */
    private static final class RecordingDelivery implements Delivery {
        private final List<String> events;
        int failCompletions;
        long committed;
        private String inFlight;
        private Map<TopicPartition, OffsetAndMetadata> offsets = Map.of();

        RecordingDelivery(List<String> events) {
            this.events = events;
        }

        @Override
        public void send(List<ProducerRecord<byte[], byte[]>> outputs, Map<TopicPartition, OffsetAndMetadata> offsets) {
            inFlight = offset(outputs.get(0)) + "-" + offset(outputs.get(outputs.size() - 1));
            this.offsets = offsets;
            events.add("send " + inFlight);
        }

        private static String offset(ProducerRecord<byte[], byte[]> output) {
            return new String(output.value(), StandardCharsets.UTF_8).substring(1);
        }

        @Override
        public void complete() {
            if (inFlight == null) {
                return;
            }
            String range = inFlight;
            inFlight = null;
            if (failCompletions > 0) {
                failCompletions--;
                events.add("failed " + range);
                throw new DeliveryException("broker said no", new IllegalStateException("test"));
            }
            committed = offsets.get(PARTITION).offset();
            events.add("complete " + range);
        }

        @Override
        public void recover() {
            events.add("recover");
            inFlight = null;
        }

        @Override
        public void close() {
        }
    }
}
