package io.churnstream.consumer.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.KafkaProcess;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.TestJars;
import io.churnstream.common.json.Json;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.consumer.models.ModelPipeline.Scored;
import io.churnstream.model.ModelRelease;
import io.churnstream.model.ModelRole;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** A shadow version scores every committed prediction again; its predictions and agreement with the active one. */
@ExtendWith(KafkaBrokerExtension.class)
class ModelShadowIntegrationTest {

    private static final Duration AWAIT = Duration.ofSeconds(120);
    private static final int RECORDS = 300;

    /** Kept when a test fails: the consumers' output and logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void should_shadow_every_prediction_agreeing_fully_with_a_copy_of_the_active_model_and_less_with_another(
            TestBroker broker) throws Exception {
        try (ModelPipeline pipeline = new ModelPipeline(broker, dir, 2 * RECORDS)) {
            ModelRelease active = TestModels.release(TestModels.BUNDLED, ModelRole.ACTIVE);
            ModelRelease copy = TestModels.releaseNamed(TestModels.BUNDLED, "churn-gbm-copy", ModelRole.SHADOW);
            ModelRelease challenger = TestModels.release(TestModels.CHALLENGER, ModelRole.INACTIVE);
            pipeline.publishRaw(active);
            pipeline.publishRaw(copy);
            pipeline.publishRaw(challenger);
            int port = KafkaProcess.freePort();
            String metrics;
            try (JvmProcess consumer = pipeline.streaming("shadow", "--metrics-port", Integer.toString(port))) {
                pipeline.send(RECORDS, 200);
                pipeline.awaitConsumed(consumer);
                String copyPair = "{model_version=\"" + copy.version();
                Awaitility.await().atMost(AWAIT).until(() -> ModelPipeline.get(port, "/metrics").lines()
                        .anyMatch(l -> l.startsWith("churn_shadow_predictions_total" + copyPair) && l.endsWith(" " + RECORDS + ".0")));
                metrics = ModelPipeline.get(port, "/metrics");

                assertThat(pipeline.model("shadow", challenger.version())).startsWith(challenger.version() + " is the shadow");
                Awaitility.await().atMost(AWAIT).until(() -> health(port).at("/checks/model/shadow").asText()
                        .startsWith(challenger.version()));
                pipeline.send(RECORDS, 200);
                pipeline.awaitConsumed(consumer);
                assertThat(consumer.stop(TestJars.STOP_TIMEOUT)).as(consumer.tail()).isZero();
            }

            assertThat(metric(metrics, "churn_shadow_label_agreement", copy.version())).isEqualTo(1.0);
            assertThat(metric(metrics, "churn_shadow_abs_diff_p99", copy.version())).isEqualTo(0.0);

            Map<String, Scored> predictions = pipeline.predictions().stream()
                    .collect(Collectors.toMap(Scored::customerId, Function.identity()));
            List<JsonNode> shadows = pipeline.values(pipeline.shadow);
            assertThat(predictions).hasSize(2 * RECORDS);
            assertThat(shadows.stream().map(s -> s.get("customerID").asText()).collect(Collectors.toSet()))
                    .as("a shadow prediction for every active one").isEqualTo(predictions.keySet()).hasSize(shadows.size());
            int disagreements = 0;
            for (JsonNode shadow : shadows) {
                Scored prediction = predictions.get(shadow.get("customerID").asText());
                assertThat(shadow.get("shadow_of").asText()).isEqualTo(prediction.modelVersion());
                assertThat(shadow.get("event_ts").isTextual()).isTrue();
                double difference = Math.abs(shadow.get("churn_probability").asDouble() - prediction.probability());
                if (shadow.get("model_version").asText().startsWith(copy.version())) {
                    assertThat(difference).as("the copy scores as the active model does").isZero();
                } else {
                    assertThat(shadow.get("model_version").asText()).startsWith(challenger.version());
                    disagreements += (shadow.get("churn_probability").asDouble() >= 0.5) != (prediction.probability() >= 0.5) ? 1 : 0;
                }
            }

            JsonNode summary = pipeline.summary("shadow").get("shadow");
            assertThat(summary).hasSize(2);
            assertThat(summary.get(0).get("model_version").asText()).startsWith(copy.version());
            assertThat(summary.get(0).get("compared").asLong()).isEqualTo(RECORDS);
            assertThat(summary.get(0).get("label_agreement").asDouble()).isEqualTo(1.0);
            assertThat(summary.get(0).get("mean_abs_diff").asDouble()).isZero();
            assertThat(summary.get(1).get("model_version").asText()).startsWith(challenger.version());
            assertThat(summary.get(1).get("shadow_of").asText()).startsWith(active.version());
            assertThat(summary.get(1).get("compared").asLong()).isEqualTo(RECORDS);
            assertThat(disagreements).as("labels the challenger gives otherwise").isPositive();
            assertThat(summary.get(1).get("label_agreement").asDouble())
                    .isEqualTo((RECORDS - disagreements) / (double) RECORDS, within(1e-4)).isLessThan(1.0);
            assertThat(summary.get(1).get("mean_abs_diff").asDouble()).isPositive();
        }
    }

    /** The value of a metric of one shadow version, from a Prometheus scrape. */
    private static double metric(String scrape, String name, String shadowVersion) {
        return scrape.lines().filter(l -> l.startsWith(name + "{model_version=\"" + shadowVersion)).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError(name + " of " + shadowVersion + " missing:\n" + scrape));
    }

    private static JsonNode health(int port) throws Exception {
        return Json.parse(ModelPipeline.get(port, "/health").getBytes(StandardCharsets.UTF_8));
    }
}
