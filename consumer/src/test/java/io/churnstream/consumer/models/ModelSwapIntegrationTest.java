package io.churnstream.consumer.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.KafkaProcess;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.TestJars;
import io.churnstream.common.kafka.Topics;
import io.churnstream.common.json.Json;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.consumer.models.ModelPipeline.Scored;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.ModelRelease;
import io.churnstream.model.ModelRole;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumers that follow a models topic, run as {@code consumer.jar streaming} on the shared broker: a swap in the
 * middle of a stream, bad versions refused while the good one keeps scoring, a restart, and two instances rolling
 * forward and back under {@code --exactly-once}.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ModelSwapIntegrationTest {

    private static final Duration AWAIT = Duration.ofSeconds(120);

    /** Kept when a test fails: the consumers' output and logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void should_swap_between_polls_mid_stream_and_refuse_bad_versions_while_the_good_one_scores(TestBroker broker)
            throws Exception {
        try (ModelPipeline pipeline = new ModelPipeline(broker, dir, 10_000)) {
            ModelRelease v1 = TestModels.release(TestModels.BUNDLED, ModelRole.ACTIVE);
            pipeline.publishRaw(v1);
            int port = KafkaProcess.freePort();
            ExecutorService sender = Executors.newSingleThreadExecutor();
            AtomicBoolean streaming = new AtomicBoolean(true);
            try (JvmProcess consumer = pipeline.streaming("swap", "--metrics-port", Integer.toString(port))) {
                Future<?> stream = sender.submit(() -> {
                    while (streaming.get()) {
                        pipeline.send(20, 100);
                    }
                    return null;
                });
                awaitPredictions(pipeline, 300, p -> true);

                String v2 = pipeline.model("publish", TestModels.CHALLENGER.toString(), "--activate");
                Awaitility.await().atMost(AWAIT).until(() -> health(port).at("/checks/model/version").asText().startsWith(v2));
                awaitPredictions(pipeline, 100, version(v2));
                pipeline.publishRaw(TestModels.release(TestModels.broken(dir), ModelRole.ACTIVE));
                pipeline.publishRaw(TestModels.release(TestModels.foreign(dir), ModelRole.ACTIVE));
                Awaitility.await().atMost(AWAIT).until(() -> ModelPipeline.get(port, "/metrics")
                        .contains("churn_model_refused_total{reason=\"contract_mismatch\"} 1.0"));
                long beforeStop = pipeline.predictions().size();
                awaitPredictions(pipeline, (int) beforeStop + 100, p -> true);
                streaming.set(false);
                stream.get();
                pipeline.awaitConsumed(consumer);

                String metrics = ModelPipeline.get(port, "/metrics");
                JsonNode health = health(port);
                assertThat(consumer.stop(TestJars.STOP_TIMEOUT)).as(consumer.tail()).isZero();

                assertThat(metrics).contains("churn_model_refused_total{reason=\"unparseable\"} 1.0");
                assertThat(metrics.lines().filter(l -> l.startsWith("churn_model_info{")))
                        .as("one series, the model in use").singleElement().asString().contains(v2);
                assertThat(health.at("/checks/model/source").asText()).isEqualTo(pipeline.models + " (active version)");
                assertThat(health.at("/checks/model/last_refusal/reason").asText()).isEqualTo("contract_mismatch");
                assertThat(health.at("/checks/model/last_refusal/message").asText()).contains("'Complaints' is not a customer field");
                assertThat(health.at("/checks/model/active_on_topic").asText()).as("what the topic asks for")
                        .startsWith("foreign-");

                List<Scored> predictions = pipeline.predictions();
                assertOneOutcomePerInput(predictions, pipeline.sent());
                assertThat(versions(predictions)).as("every prediction of either good version, in this order")
                        .containsExactly(v1.version(), v2);
                assertSwappedBetweenPolls(predictions, v1.version(), v2);

                JsonNode summary = pipeline.summary("swap");
                assertThat(summary.get("model_version").asText()).startsWith(v2);
                assertThat(summary.get("predicted").asLong()).isEqualTo(pipeline.sent());
                assertThat(summary.get("predicted_by_model_version").size()).isEqualTo(2);
                assertThat(summary.get("models_refused").findValuesAsText("reason"))
                        .containsExactly("unparseable", "contract_mismatch");
            } finally {
                sender.shutdownNow();
            }
        }
    }

    @Test
    void should_start_on_an_existing_empty_models_topic_without_reading_it_and_take_over_the_first_version_activated(
            TestBroker broker) throws Exception {
        try (ModelPipeline pipeline = new ModelPipeline(broker, dir, 500)) {
            Topics.Spec models = Topics.models(pipeline.models);
            pipeline.io.create(models.name(), models.partitions(), models.configs());
            String bundled = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD).version().id();
            try (JvmProcess consumer = pipeline.streaming("empty")) {
                pipeline.send(40, 1_000);
                awaitPredictions(pipeline, 40, version(bundled));

                String v2 = pipeline.model("publish", TestModels.CHALLENGER.toString(), "--activate");
                Awaitility.await().atMost(AWAIT).until(() -> {
                    pipeline.send(20, 200);
                    return pipeline.predictions().stream().anyMatch(version(v2));
                });
                assertThat(consumer.stop(TestJars.STOP_TIMEOUT)).as(consumer.tail()).isZero();
                assertThat(consumer.output()).contains(pipeline.models + " holds no version yet")
                        .contains("from bundled model (nothing published on " + pipeline.models + ")");
                assertThat(versions(pipeline.predictions())).containsExactly(bundled, v2);
            }
        }
    }

    @Test
    void should_come_back_after_a_restart_with_the_active_version_or_the_newest_loadable_one(TestBroker broker)
            throws Exception {
        try (ModelPipeline pipeline = new ModelPipeline(broker, dir, 500)) {
            pipeline.publishRaw(TestModels.release(TestModels.BUNDLED, ModelRole.ACTIVE));
            String v2 = pipeline.model("publish", TestModels.CHALLENGER.toString(), "--activate");
            pipeline.send(100, 1_000);

            try (JvmProcess first = pipeline.streaming("first")) {
                pipeline.awaitConsumed(first);
                assertThat(first.stop(TestJars.STOP_TIMEOUT)).as(first.tail()).isZero();
                assertThat(first.output()).contains("from " + pipeline.models + " (active version)");
            }
            ModelRelease broken = TestModels.release(TestModels.broken(dir), ModelRole.ACTIVE);
            pipeline.publishRaw(broken);
            pipeline.send(100, 1_000);
            try (JvmProcess restarted = pipeline.streaming("restarted")) {
                pipeline.awaitConsumed(restarted);
                assertThat(restarted.stop(TestJars.STOP_TIMEOUT)).as(restarted.tail()).isZero();
            }

            assertThat(pipeline.summary("first").get("model_version").asText()).startsWith(v2);
            JsonNode restarted = pipeline.summary("restarted");
            assertThat(restarted.get("model_version").asText()).startsWith(v2);
            assertThat(restarted.get("model_source").asText()).contains(broken.version() + " was refused");
            assertThat(restarted.at("/models_refused/0/version").asText()).isEqualTo(broken.version());
            assertThat(restarted.at("/models_refused/0/reason").asText()).isEqualTo("unparseable");
            assertThat(versions(pipeline.predictions())).singleElement().asString().startsWith(v2);
        }
    }

    @Test
    void should_switch_every_instance_forward_and_back_within_two_polls_scoring_no_record_twice(TestBroker broker)
            throws Exception {
        try (ModelPipeline pipeline = new ModelPipeline(broker, dir, 1_000)) {
            ModelRelease v1 = TestModels.release(TestModels.BUNDLED, ModelRole.ACTIVE);
            ModelRelease v2 = TestModels.release(TestModels.CHALLENGER, ModelRole.INACTIVE);
            pipeline.publishRaw(v1);
            pipeline.publishRaw(v2);
            try (JvmProcess a = pipeline.streaming("a", "--exactly-once");
                 JvmProcess b = pipeline.streaming("b", "--exactly-once")) {
                Awaitility.await().atMost(AWAIT).until(() -> pipeline.assignments().values().stream()
                        .filter(p -> !p.isEmpty()).count() == 2);
                Map<String, List<Integer>> owners = pipeline.assignments();
                for (JvmProcess instance : List.of(a, b)) {
                    instance.await(AWAIT, v2.version() + " loaded", () -> instance.output().lines()
                            .anyMatch(l -> l.contains("model " + v2.version()) && l.contains("loaded and checked")));
                }
                pipeline.send(200, 100);
                pipeline.awaitConsumed(a, b);

                pipeline.model("activate", v2.version());
                Instant forward = Instant.now();
                pipeline.send(300, 100);
                pipeline.awaitConsumed(a, b);

                pipeline.model("activate", v1.version());
                Instant back = Instant.now();
                pipeline.send(300, 100);
                pipeline.awaitConsumed(a, b);

                assertThat(pipeline.assignments()).as("no rebalance while measuring").isEqualTo(owners);
                assertThat(a.stop(TestJars.STOP_TIMEOUT)).as(a.tail()).isZero();
                assertThat(b.stop(TestJars.STOP_TIMEOUT)).as(b.tail()).isZero();

                List<Scored> predictions = pipeline.predictions();
                assertOneOutcomePerInput(predictions, pipeline.sent());
                assertThat(versions(predictions)).containsExactlyInAnyOrder(v1.version(), v2.version());
                for (String instance : List.of("a", "b")) {
                    List<Integer> partitions = owners.get(instance);
                    List<Scored> own = predictions.stream().filter(p -> partitions.contains(p.inputPartition())).toList();
                    assertThat(scoredBetween(own, forward, back, v1.version())).as("records %s scored with %s after "
                            + "activating %s", instance, v1.version(), v2.version())
                            .isLessThanOrEqualTo(2 * ModelPipeline.MAX_POLL_RECORDS);
                    assertThat(scoredBetween(own, back, Instant.MAX, v2.version())).as("records %s scored with %s after "
                            + "rolling back", instance, v2.version()).isLessThanOrEqualTo(2 * ModelPipeline.MAX_POLL_RECORDS);
                    assertThat(pipeline.summary(instance).get("predicted_by_model_version").size())
                            .as("instance %s scored with both versions", instance).isEqualTo(2);
                }
                for (int partition = 0; partition < 3; partition++) {
                    int p = partition;
                    assertThat(runs(predictions.stream().filter(s -> s.inputPartition() == p).toList()))
                            .as("versions of input partition %d in offset order", p)
                            .containsExactly(v1.version(), v2.version(), v1.version());
                }
            }
        }
    }

    /** Each input has exactly one prediction, none for an id that was not sent. */
    private static void assertOneOutcomePerInput(List<Scored> predictions, long sent) {
        Map<String, Long> perId = predictions.stream().collect(Collectors.groupingBy(Scored::customerId, Collectors.counting()));
        assertThat(perId.values()).as("predictions per customer").allMatch(n -> n == 1);
        assertThat(perId).hasSize((int) sent);
        assertThat(predictions).allMatch(p -> p.inputPartition() >= 0, "is a prediction of a customer that was sent");
    }

    /**
     * The versions in the order they first scored; the records scored by the first all before those scored by the
     * second, in every input partition and in time, so no poll holds both.
     */
    private static void assertSwappedBetweenPolls(List<Scored> predictions, String first, String second) {
        Instant lastOfFirst = predictions.stream().filter(version(first)).map(Scored::processed).max(Comparator.naturalOrder())
                .orElseThrow();
        Instant firstOfSecond = predictions.stream().filter(version(second)).map(Scored::processed)
                .min(Comparator.naturalOrder()).orElseThrow();
        assertThat(lastOfFirst).as("the last record %s scored", first).isBeforeOrEqualTo(firstOfSecond);
        for (int partition = 0; partition < 3; partition++) {
            int p = partition;
            assertThat(runs(predictions.stream().filter(s -> s.inputPartition() == p).toList()))
                    .as("versions of input partition %d in offset order", p).containsExactly(first, second);
        }
    }

    /** The versions of one input partition's predictions in offset order, each run of one version once. */
    private static List<String> runs(List<Scored> predictions) {
        List<Scored> ordered = new ArrayList<>(predictions);
        ordered.sort(Comparator.comparingLong(Scored::inputOffset));
        List<String> runs = new ArrayList<>();
        for (Scored s : ordered) {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(s.version())) {
                runs.add(s.version());
            }
        }
        return runs;
    }

    /** The version ids that scored, in the order they first did. */
    private static List<String> versions(List<Scored> predictions) {
        List<Scored> ordered = new ArrayList<>(predictions);
        ordered.sort(Comparator.comparing(Scored::processed));
        return new ArrayList<>(ordered.stream().map(Scored::version).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    private static long scoredBetween(List<Scored> predictions, Instant from, Instant to, String version) {
        return predictions.stream().filter(version(version))
                .filter(p -> p.processed().isAfter(from) && p.processed().isBefore(to)).count();
    }

    private static Predicate<Scored> version(String id) {
        return s -> s.version().equals(id);
    }

    private static void awaitPredictions(ModelPipeline pipeline, int n, Predicate<Scored> which) {
        Awaitility.await().atMost(AWAIT).until(() -> pipeline.predictions().stream().filter(which).count() >= n);
    }

    private static JsonNode health(int port) throws Exception {
        return Json.parse(ModelPipeline.get(port, "/health").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
