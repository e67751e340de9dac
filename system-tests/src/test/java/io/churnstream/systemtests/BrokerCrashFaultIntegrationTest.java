package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.TestJars;
import io.churnstream.common.json.Json;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.common.synthetic.SyntheticCustomers;
import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2: while {@code producer.jar streaming} and {@code consumer.jar streaming} run, the broker is SIGKILLed,
 * SIGTERMed (and left down for 35 s) and SIGKILLed again, each time restarted on the same port and data. Both jars carry
 * on by themselves; every acknowledged event is scored or dead-lettered. See docs/reliability.md.
 */
@Tag("faults")
class BrokerCrashFaultIntegrationTest extends OwnBroker {

    private static final Pipeline PIPELINE = Pipeline.named("broker");
    private static final int EVENTS_PER_SECOND = 100;
    /** Each fault waits until both jars have got this many events past where the input ended at the previous fault. */
    private static final int PROGRESS = 300;
    private static final int POLL = 100;
    private static final long PRODUCER_SEED = 2;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /** How the broker goes down, and for how long it stays down before the restart. */
    enum Fault {
        SIGKILL(Duration.ZERO),
        /** A maintenance stop: longer than the 30 s a client's send waits for metadata by default. */
        SIGTERM(Duration.ofSeconds(35));

        private final Duration down;

        Fault(Duration down) {
            this.down = down;
        }

        void inflict() throws InterruptedException {
            if (this == SIGKILL) {
                kafka.kill();
            } else {
                kafka.stop();
            }
            Thread.sleep(down.toMillis());
            kafka.restart();
        }
    }

    @Test
    void should_carry_on_by_themselves_through_two_broker_kills_and_a_graceful_stop_losing_no_acknowledged_event()
            throws Exception {
        ConsumerInput.createTopic(topics, PIPELINE.input());
        Path producerSummary = dir.resolve("producer").resolve("summary.json");
        GroupProgress progress = new GroupProgress(topics, PIPELINE);
        ConsumerJar consumerJar = new ConsumerJar(dir.resolve("consumer"), kafka.bootstrapServers(), PIPELINE,
                List.of("-X", "consumer.max.poll.records=" + POLL));

        try (JvmProcess producer = startProducer(producerSummary);
             ConsumerJar.Instance consumer = consumerJar.streaming()) {
            long beforeFault = 0;
            for (Fault fault : List.of(Fault.SIGKILL, Fault.SIGTERM, Fault.SIGKILL)) {
                awaitBothPast(producer, consumer.process(), progress, beforeFault + PROGRESS);
                beforeFault = progress.inputEnd();
                fault.inflict();
            }
            awaitBothPast(producer, consumer.process(), progress, beforeFault + PROGRESS);

            assertThat(producer.stop(TestJars.STOP_TIMEOUT)).as(producer.tail()).isZero();
            progress.awaitDrained(consumer.process(), TIMEOUT);
            assertThat(consumer.process().stop(TestJars.STOP_TIMEOUT)).as(consumer.output()).isZero();
        }

        JsonNode summary = Json.parse(Files.readAllBytes(producerSummary));
        assertThat(summary.get("failed").asLong()).as("producer events not acknowledged").isZero();
        long acknowledged = summary.get("sent").asLong();
        assertThat(summary.get("read").asLong()).as("events the producer made").isEqualTo(acknowledged);
        Ledger input = Ledger.ofTopic(topics, PIPELINE.input(), true);
        assertThat(missingEvents(input, acknowledged)).as("acknowledged events missing from the input topic").isEmpty();
        Invariant.check(topics, PIPELINE, Delivery.AT_LEAST_ONCE).assertHolds().assertUniqueInputs()
                .assertDuplicatesAtMost(3L * POLL);
    }

    private static JvmProcess startProducer(Path summary) {
        return TestJars.start(Jars.PRODUCER, summary.resolveSibling("producer.out"), List.of("streaming",
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic", PIPELINE.input(),
                "--events-per-sec", Integer.toString(EVENTS_PER_SECOND), "--max-events", "1000000",
                "--seed", Long.toString(PRODUCER_SEED), "--summary-json", summary.toString(), "--log-dir", "logs"));
    }

    /**
     * Waits until the input holds {@code events} and the group has committed them: after a restart, proof that both
     * jars reconnected by themselves.
     */
    private static void awaitBothPast(JvmProcess producer, JvmProcess consumer, GroupProgress progress, long events) {
        progress.awaitWritten(producer, events, TIMEOUT);
        progress.awaitCommitted(consumer, events, TIMEOUT);
    }

    /** The customerIDs of the first {@code events} the producer made that are not on the input topic. */
    private static List<String> missingEvents(Ledger input, long events) {
        SyntheticCustomers generator = new SyntheticCustomers(PRODUCER_SEED);
        List<String> missing = new ArrayList<>();
        for (long i = 0; i < events; i++) {
            String id = generator.next().customerId();
            if (input.count(id) == 0) {
                missing.add(id);
            }
        }
        return missing;
    }
}
