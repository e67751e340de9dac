package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.churnstream.broker.KafkaProcess;
import io.churnstream.common.PoisonPills.Pill;
import io.churnstream.common.TopicIO;
import io.churnstream.common.kafka.Topics;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.ErrorType;
import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 4: while a streaming consumer runs, its dead-letter topic is deleted (on a broker that does not create
 * topics on demand) or made to refuse every dead letter, and then poison pills arrive. The consumer commits nothing
 * past the first pill, gives up with exit 1 and one error line, and a rerun completes once the topic is repaired.
 * See docs/reliability.md.
 */
@Tag("faults")
class DeadLetterFaultIntegrationTest {

    private static final int CLEAN = 1_000;
    private static final int LATER = 500;
    private static final int PILLS = 20;
    private static final int MAX_ATTEMPTS = 3;
    private static final String TINY_MESSAGE_BYTES = "256";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** Give up quickly: three attempts, and a send waits at most 2 s for a topic or an acknowledgement. */
    private static final List<String> QUICK_TO_GIVE_UP = List.of("--max-attempts", Integer.toString(MAX_ATTEMPTS),
            "--retry-backoff-ms", "200", "-X", "producer.max.block.ms=2000", "-X", "producer.request.timeout.ms=2000",
            "-X", "producer.delivery.timeout.ms=3000");

    @TempDir
    static Path dir;

    private static KafkaProcess kafka;
    private static TopicIO topics;

    /** What happens to the dead-letter topic while the consumer runs, and how an operator repairs it. */
    enum Breakage {
        DELETED, REJECTING;

        void apply(String topic) throws Exception {
            if (this == DELETED) {
                topics.delete(topic);
            } else {
                topics.setConfig(topic, "max.message.bytes", TINY_MESSAGE_BYTES);
            }
        }

        void repair(String topic) throws Exception {
            if (this == DELETED) {
                topics.create(topic, Topics.DEAD_LETTER_PARTITIONS, Map.of());
            } else {
                topics.setConfig(topic, "max.message.bytes", "1048588");
            }
        }
    }

    @BeforeAll
    static void startBroker() {
        kafka = KafkaProcess.start(dir.resolve("kafka"), Map.of("auto.create.topics.enable", "false"));
        topics = new TopicIO(kafka.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Breakage.class)
    void should_commit_nothing_past_an_unwritten_dead_letter_give_up_in_one_line_and_complete_once_repaired(Breakage breakage)
            throws Exception {
        Pipeline pipeline = Pipeline.named("dlq-" + breakage.name().toLowerCase());
        List<CustomerRecord> customers = ConsumerInput.customers(CLEAN + LATER, 4);
        Map<String, Pill> pills = ConsumerInput.pills(PILLS, 0);
        ConsumerInput.createTopic(topics, pipeline.input());
        topics.send(ConsumerInput.records(pipeline.input(), customers.subList(0, CLEAN)));
        ConsumerJar consumer = new ConsumerJar(dir.resolve(pipeline.group()), kafka.bootstrapServers(), pipeline, QUICK_TO_GIVE_UP);
        GroupProgress progress = new GroupProgress(topics, pipeline);

        try (ConsumerJar.Instance run = consumer.streaming()) {
            progress.awaitDrained(run.process(), TIMEOUT);
            breakage.apply(pipeline.deadLetters());
            topics.send(ConsumerInput.mixed(pipeline.input(), customers.subList(CLEAN, CLEAN + LATER), pills, 4));

            int exit = run.process().awaitExit(TIMEOUT);

            String output = run.process().output();
            assertThat(exit).as(output).isEqualTo(1);
            assertThat(output.lines().filter(l -> l.startsWith("error: "))).as(output).singleElement().asString()
                    .contains("giving up after " + MAX_ATTEMPTS + " attempts");
            assertThat(output).as("retried before giving up").contains("attempt " + (MAX_ATTEMPTS - 1) + " of " + MAX_ATTEMPTS)
                    .doesNotContain("\tat ");
        }
        Map<TopicPartition, Long> firstPill = firstOffsets(pipeline.input(), pills);
        Map<TopicPartition, Long> committed = progress.committedOffsets();
        firstPill.forEach((tp, offset) -> assertThat(committed.getOrDefault(tp, 0L))
                .as("%s committed vs its first poison pill at %d", tp, offset).isLessThanOrEqualTo(offset));

        breakage.repair(pipeline.deadLetters());
        long left = CLEAN + LATER + PILLS - progress.committed();
        ConsumerJar.Run rerun = consumer.batch("--max-messages", Long.toString(left), "--timeout-ms", "60000");

        assertThat(rerun.exitCode()).as(rerun.output()).isZero();
        Invariant.check(topics, pipeline, Delivery.AT_LEAST_ONCE).assertHolds().assertUniqueInputs();
        Map<String, ErrorType> expected = new LinkedHashMap<>();
        pills.forEach((key, pill) -> expected.put(key, pill.expected()));
        assertThat(DeadLetterAudit.mismatches(topics, pipeline, expected)).isEmpty();
    }

    /** The offset of the first poison pill in each input partition that has one. */
    private static Map<TopicPartition, Long> firstOffsets(String topic, Map<String, Pill> pills) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : topics.readAll(topic, true)) {
            if (pills.containsKey(TopicIO.key(r))) {
                first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
            }
        }
        return first;
    }
}
