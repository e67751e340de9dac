package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.PoisonPills;
import io.churnstream.common.PoisonPills.Pill;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.ErrorType;
import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5: 30% of the input is poison pills of every kind. One batch run dead-letters each with its source and
 * error type, predicts the rest, and keeps at least half the throughput of a clean run of the same size. Tagged
 * {@code throughput}, so it runs alone, after the tests that share the machine.
 * See docs/reliability.md.
 */
@Tag("faults")
@Tag("throughput")
class PoisonPillFaultIntegrationTest extends OwnBroker {

    /**
     * Enough for the throughput to be the steady state's: the first few thousand pills run the decoder's failure paths
     * cold, and over 5,000 records that warm-up alone brought a run near half the clean rate.
     */
    private static final int RECORDS = 50_000;
    private static final int PILLS = RECORDS * 3 / 10;
    /** The 1 MB pill costs a megabyte on every topic it crosses; a few of them are enough. */
    private static final int ONE_MEGABYTE_PILLS = 3;

    @Test
    void should_dead_letter_every_poison_pill_with_its_source_and_type_at_over_half_the_clean_throughput() throws Exception {
        Pipeline clean = pipeline("clean");
        topics.send(ConsumerInput.records(clean.input(), ConsumerInput.customers(RECORDS, 5)));
        Pipeline poisoned = pipeline("poisoned");
        List<CustomerRecord> customers = ConsumerInput.customers(RECORDS - PILLS, 5);
        Map<String, Pill> pills = ConsumerInput.pills(PILLS, ONE_MEGABYTE_PILLS);
        topics.send(ConsumerInput.mixed(poisoned.input(), customers, pills, 5));

        JsonNode cleanRun = runOnce(clean);
        JsonNode poisonedRun = runOnce(poisoned);

        assertThat(pills.values().stream().map(Pill::name).distinct())
                .as("every kind of poison pill is in the input").hasSize(PoisonPills.all().size());
        Map<String, ErrorType> expected = new LinkedHashMap<>();
        pills.forEach((key, pill) -> expected.put(key, pill.expected()));
        assertThat(DeadLetterAudit.mismatches(topics, poisoned, expected)).isEmpty();
        assertThat(poisonedRun.get("predicted").asLong()).isEqualTo(customers.size());
        assertThat(poisonedRun.at("/dead_lettered/total").asLong()).isEqualTo(PILLS);
        countsByType(expected).forEach((type, n) -> assertThat(poisonedRun.at("/dead_lettered/by_type/" + type.wireName())
                .asLong()).as(type.wireName()).isEqualTo(n));
        Invariant.Report report = Invariant.check(topics, poisoned, Delivery.AT_LEAST_ONCE).assertHolds().assertUniqueInputs();
        assertThat(report.duplicates()).as("outputs beyond one per input in a run without faults").isZero();
        double cleanRate = cleanRun.get("throughput_per_s").asDouble();
        double poisonedRate = poisonedRun.get("throughput_per_s").asDouble();
        System.out.printf("records/s: clean %.1f, with 30%% poison pills %.1f (%.2f of clean)%n",
                cleanRate, poisonedRate, poisonedRate / cleanRate);
        assertThat(poisonedRate).as("records/s with 30%% poison pills vs %.1f clean", cleanRate)
                .isGreaterThanOrEqualTo(cleanRate / 2);
    }

    private static Pipeline pipeline(String name) throws Exception {
        Pipeline pipeline = Pipeline.named(name);
        ConsumerInput.createTopic(topics, pipeline.input());
        return pipeline;
    }

    /** One batch run over the whole input; it must end by itself with exit 0, having consumed every record. */
    private static JsonNode runOnce(Pipeline pipeline) {
        ConsumerJar consumer = new ConsumerJar(dir.resolve(pipeline.group()), kafka.bootstrapServers(), pipeline,
                List.of("--scoring-threads", "1"));
        ConsumerJar.Run run = consumer.batch("--max-messages", Integer.toString(RECORDS), "--timeout-ms", "60000");
        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode summary = run.summary();
        assertThat(summary.get("outcome").asText()).as(run.output()).isEqualTo("completed");
        assertThat(summary.get("consumed").asLong()).as(run.output()).isEqualTo(RECORDS);
        return summary;
    }

    private static Map<ErrorType, Long> countsByType(Map<String, ErrorType> expected) {
        Map<ErrorType, Long> counts = new EnumMap<>(ErrorType.class);
        for (ErrorType type : ErrorType.values()) {
            counts.put(type, expected.values().stream().filter(type::equals).count());
        }
        return counts;
    }
}
