package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.churnstream.common.json.Json;
import io.churnstream.common.kafka.Topics;
import io.churnstream.model.ModelRelease;
import io.churnstream.model.ModelRole;
import io.churnstream.model.RoleChange;
import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 13: an {@code --exactly-once} consumer that follows a models topic is SIGKILLed twice during a model swap:
 * once while it loads and checks the version just activated, once right as the rolled-back version takes over between
 * polls. Restarted each time, then drained by a batch run. See docs/reliability.md.
 */
@Tag("faults")
class ModelSwapFaultIntegrationTest extends OwnBroker {

    private static final int RECORDS = 6_000;
    /** Small transactions, so the input lasts through both swaps. */
    private static final int POLL = 10;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Path BUNDLED = FaultyModel.BUNDLED;
    private static final Path CHALLENGER = Path.of("..", "model", "challenger", "churn-gbm-challenger.pmml");

    @Test
    void should_output_every_record_exactly_once_when_killed_while_loading_and_while_taking_over_a_model()
            throws Exception {
        Pipeline pipeline = ConsumerInput.seeded(topics, "model-swap", RECORDS, 9);
        String models = "model-swap-models";
        ModelRelease v1 = release(BUNDLED, ModelRole.ACTIVE);
        ModelRelease v2 = release(CHALLENGER, ModelRole.ACTIVE);
        topics.create(models, 1, Topics.models(models).configs());
        publish(models, v1.version(), v1.encode());
        List<String> options = new ArrayList<>(List.of("--exactly-once", "--instance-id", "swap-test",
                "--models-topic", models, "--shadow-topic", "model-swap-shadow"));
        options.addAll(ConsumerJar.interruptible(POLL));
        ConsumerJar consumer = new ConsumerJar(dir.resolve("model-swap"), kafka.bootstrapServers(), pipeline, options);
        GroupProgress progress = new GroupProgress(topics, pipeline);

        try (ConsumerJar.Instance run = consumer.streaming()) {
            progress.awaitCommitted(run.process(), RECORDS / 4, TIMEOUT);
            publish(models, v2.version(), v2.encode());
            run.process().kill();
        }
        long afterFirstKill = progress.committed();
        try (ConsumerJar.Instance run = consumer.streaming()) {
            run.process().awaitLine(l -> l.contains("model " + v2.version()) && l.contains("(active version)"), TIMEOUT);
            progress.awaitCommitted(run.process(), RECORDS / 2, TIMEOUT);
            RoleChange rollBack = RoleChange.of(ModelRole.ACTIVE, v1.version(), Instant.now());
            publish(models, rollBack.key(), rollBack.encode());
            run.process().awaitLine(l -> l.contains("model " + v1.version()) && l.contains("takes over"), TIMEOUT);
            run.process().kill();
        }
        long afterSecondKill = progress.committed();
        assertThat(afterSecondKill).as("the second kill found records left").isLessThan(RECORDS)
                .isGreaterThan(afterFirstKill);
        ConsumerJar.Run rest = consumer.batch("--max-messages", Long.toString(RECORDS - afterSecondKill),
                "--timeout-ms", "60000");
        assertThat(rest.exitCode()).as(rest.output()).isZero();

        Invariant.Report report = Invariant.check(topics, pipeline, Delivery.EXACTLY_ONCE).assertHolds().assertUniqueInputs();
        assertThat(report.outputs()).as("outputs a read_committed reader sees").isEqualTo(RECORDS);
        assertThat(versions(pipeline.predictions())).as("the versions that scored")
                .containsExactlyInAnyOrder(v1.version(), v2.version());
        assertThat(rest.summary().get("model_version").asText()).startsWith(v1.version());
    }

    private static ModelRelease release(Path pmml, ModelRole role) throws Exception {
        return ModelRelease.of(Files.readAllBytes(pmml), ModelRelease.cardOf(pmml), role, Instant.now());
    }

    private static void publish(String topic, String key, byte[] value) throws Exception {
        topics.send(List.of(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)));
    }

    /** The version ids in the predictions' model_version. */
    private static Set<String> versions(String predictions) throws Exception {
        Set<String> versions = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : topics.readAll(predictions, true)) {
            String version = Json.parse(r.value()).get("model_version").asText();
            versions.add(version.substring(0, version.indexOf(' ')));
        }
        return versions;
    }
}
