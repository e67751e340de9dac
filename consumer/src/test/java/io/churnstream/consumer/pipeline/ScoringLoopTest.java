package io.churnstream.consumer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.Shutdown;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.ErrorType;
import io.churnstream.common.report.ConsumerFigures;
import io.churnstream.common.synthetic.SyntheticCustomers;
import io.churnstream.consumer.observe.ConsumerMetrics;
import io.churnstream.consumer.observe.Health;
import io.churnstream.consumer.report.ConsumerSummary;
import io.churnstream.consumer.report.RunStats;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The loop's ordering of scoring, sending and completing, with Kafka's own in-memory consumer and a recording delivery. */
class ScoringLoopTest {

    private static final TopicPartition PARTITION = new TopicPartition(Inputs.TOPIC, 0);
    private static final long NEXT_POLL_MILLIS = 600;

    private MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final List<String> events = new ArrayList<>();
    private final RecordingDelivery delivery = new RecordingDelivery(events);
    private final RunStats stats = new RunStats();
    private final Shutdown shutdown = Shutdown.manual();
    private PollListener listener = PollListener.NONE;
    private ScoringLoop.Completion completion = ScoringLoop.Completion.OVERLAPPED;

    @Test
    void should_score_the_next_poll_before_completing_the_previous_one() {
        runTwoPollsOfThree();

        assertThat(events).containsExactly("score 0", "send 0-2", "score 3", "complete 0-2", "send 3-5", "complete 3-5");
    }

    @Test
    void should_send_a_poll_as_soon_as_it_is_scored_and_complete_it_before_the_next_poll_when_completing_after_send() {
        completion = ScoringLoop.Completion.AFTER_SEND;

        runTwoPollsOfThree();

        assertThat(events).containsExactly("score 0", "send 0-2", "complete 0-2", "score 3", "send 3-5", "complete 3-5");
    }

    /** Offsets 0-2, then 3-5, all of them delivered, committed and counted. */
    private void runTwoPollsOfThree() {
        assign();
        poll(0, 3);
        poll(3, 6);

        run(6);

        assertThat(delivery.committed).isEqualTo(6);
        assertThat(stats.consumed()).isEqualTo(6);
    }

    @Test
    void should_rewind_only_the_poll_that_fails_to_complete_when_completing_after_send() {
        completion = ScoringLoop.Completion.AFTER_SEND;
        assign();
        poll(0, 3);
        poll(0, 6);
        delivery.failCompletions = 1;

        run(6);

        assertThat(events).containsExactly("score 0", "send 0-2", "failed 0-2", "recover", "score 0", "score 3",
                "send 0-5", "complete 0-5");
        assertThat(delivery.committed).isEqualTo(6);
        assertThat(stats.consumed()).as("each record counted once it is delivered").isEqualTo(6);
    }

    @Test
    void should_tell_the_listener_after_each_poll_returns_before_it_is_scored_and_once_it_is_delivered() {
        listener = new PollListener() {
            @Override
            public void beforeProcessing() {
                events.add("before");
            }

            @Override
            public void delivered(List<Outcome> outcomes) {
                events.add("delivered " + outcomes.size());
            }
        };
        assign();
        poll(0, 3);
        poll(3, 5);

        run(5);

        assertThat(events).as("the first poll, while the partition is assigned, returns nothing")
                .containsExactly("before", "before", "score 0", "send 0-2", "before", "score 3", "complete 0-2",
                        "delivered 3", "send 3-4", "complete 3-4", "delivered 2");
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

    @Test
    void should_fail_and_say_the_last_poll_was_not_committed_when_a_stop_cannot_complete_it() {
        assign();
        poll(0, 3);
        consumer.schedulePollTask(() -> shutdown.request("test"));
        delivery.failCompletions = 1;

        assertThatThrownBy(() -> run(0))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
                .hasMessageContaining("last poll of 3 records was not committed").hasMessageContaining("broker said no");
        assertThat(delivery.committed).isZero();
    }

    @Test
    void should_stop_with_the_deliverys_own_message_when_completing_on_a_rebalance_fails() {
        consumer = new CallbackWrappingConsumer();
        assign();
        poll(0, 3);
        delivery.fenceCompletions = true;
        consumer.schedulePollTask(() -> consumer.rebalance(List.of()));

        assertThatThrownBy(() -> run(6)).isInstanceOf(CliException.class).hasMessage("another instance took over");
    }

    @Test
    void should_stop_before_sending_a_poll_that_tips_processing_errors_over_the_ratio() {
        assign();
        poll(0, 150);
        poll(150, 310);
        RecordProcessor broken = record -> new Outcome.DeadLettered(
                new ProducerRecord<>("dlq", bytes("v" + record.offset())),
                record.offset() < 150 ? ErrorType.VALIDATION_ERROR : ErrorType.PROCESSING_ERROR);

        assertThatThrownBy(() -> run(1_000, broken))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
                .hasMessageContaining("160 of the last 310 records failed with processing or inference errors")
                .hasMessageNotContaining("\n");
        assertThat(events).containsSubsequence("send 0-149", "complete 0-149").doesNotContain("send 150-309");
        assertThat(delivery.committed).as("the good poll is committed, the one that tipped the ratio is not")
                .isEqualTo(150);
    }

    @Test
    void should_never_stop_on_bad_data_however_much_of_it_there_is() {
        assign();
        poll(0, 300);
        RecordProcessor rejecting = record -> new Outcome.DeadLettered(
                new ProducerRecord<>("dlq", bytes("v" + record.offset())),
                record.offset() % 2 == 0 ? ErrorType.PARSE_ERROR : ErrorType.VALIDATION_ERROR);

        run(300, rejecting);

        assertThat(delivery.committed).isEqualTo(300);
    }

    @Test
    void should_time_a_prediction_when_its_poll_was_scored_not_when_the_next_poll_completes_it() {
        CustomerRecord customer = new SyntheticCustomers(5).next();
        RecordProcessor scoredAsItArrives = record -> new Outcome.Scored(new ProducerRecord<>("out", record.value()),
                customer, "m-1", 0.5, true, 1_000, System.currentTimeMillis());
        assign();
        poll(0, 3);
        consumer.schedulePollTask(() -> {
            pause(NEXT_POLL_MILLIS);
            add(3, 6);
        });

        run(6, scoredAsItArrives);

        ConsumerFigures.Latency endToEnd = ConsumerSummary.of(stats, "streaming", "completed",
                new ConsumerFigures.Settings("g", "in", "out", "dlq", "at-least-once", "m-1", "test", 0.5, 1, false))
                .figures().endToEndLatencyMs();
        assertThat(endToEnd.count()).isEqualTo(6);
        assertThat(endToEnd.max()).as("the first poll waited %d ms for the next one to complete it", NEXT_POLL_MILLIS)
                .isLessThan(NEXT_POLL_MILLIS / 2.0);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(int maxMessages) {
        run(maxMessages, new PassThroughProcessor("out"));
    }

    private void run(int maxMessages, RecordProcessor copy) {
        RecordProcessor logged = record -> {
            if (record.offset() % 3 == 0) {
                events.add("score " + record.offset());
            }
            return copy.process(record);
        };
        try (PollProcessor processor = new PollProcessor(logged, 1)) {
            ScoringLoop loop = new ScoringLoop(consumer, delivery, processor, stats, ConsumerMetrics.none(),
                    new Health(() -> true, () -> Map.of("status", "UP")), shutdown, new ScoringLoop.Retry(3, 1, 1),
                    new ScoringLoop.ErrorTolerance(0.5, 1000), listener, completion);
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

    /** Kafka's consumer as it reports a rebalance callback that threw: wrapped, with its own message. */
    private static final class CallbackWrappingConsumer extends MockConsumer<byte[], byte[]> {
        CallbackWrappingConsumer() {
            super("earliest");
        }

        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            try {
                return super.poll(timeout);
            } catch (CliException e) {
                throw new KafkaException("User rebalance callback throws an error", e);
            }
        }
    }

    /** Logs what the loop asks of it; can fail the next completions. */
    private static final class RecordingDelivery implements Delivery {
        private final List<String> events;
        int failCompletions;
        boolean fenceCompletions;
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
            if (fenceCompletions) {
                throw new CliException(ExitCodes.RUNTIME_FAILURE, "another instance took over");
            }
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

    @Test
    void should_commit_one_past_the_last_record_of_each_partition_in_any_order_of_partitions() {
        Random random = new Random(7);
        for (int trial = 0; trial < 1_000; trial++) {
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            Map<TopicPartition, Long> offsets = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> expected = new HashMap<>();
            for (int run = random.nextInt(6); run > 0; run--) {
                TopicPartition tp = new TopicPartition(random.nextBoolean() ? "a" : "b", random.nextInt(3));
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    long offset = offsets.merge(tp, 1L + random.nextInt(3), Long::sum);
                    Optional<Integer> epoch = random.nextBoolean() ? Optional.of(random.nextInt(5))
                            : Optional.empty();
                    batch.add(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, 0L,
                            TimestampType.CREATE_TIME, 0, 0, null, new byte[0],
                            new RecordHeaders(), epoch));
                    expected.put(tp, new OffsetAndMetadata(offset + 1, epoch, ""));
                }
            }
            assertThat(ScoringLoop.nextOffsets(batch)).as("batch %s", batch).isEqualTo(expected);
        }
    }
}
