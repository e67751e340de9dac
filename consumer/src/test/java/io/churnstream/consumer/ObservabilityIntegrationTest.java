package io.churnstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.KafkaProcess;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.TestCustomers;
import io.churnstream.common.TestJars;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.process.JvmProcess;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code --metrics-port}: Prometheus metrics (drift included) and the health check of a running consumer. */
@ExtendWith(KafkaBrokerExtension.class)
class ObservabilityIntegrationTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void should_serve_metrics_and_health_while_streaming(TestBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String raw = "raw-" + run;
        TopicIO io = new TopicIO(broker.bootstrapServers());
        io.create(raw, 3, Map.of());
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        TestCustomers.unique(300, 11).values().forEach(c -> input.add(
                new ProducerRecord<>(raw, c.customerId().getBytes(StandardCharsets.UTF_8), Json.write(c))));
        input.add(new ProducerRecord<>(raw, "bad".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8)));
        io.send(input);
        int port = KafkaProcess.freePort();

        try (JvmProcess consumer = TestJars.start(Path.of("target", "consumer.jar"), dir.resolve("consumer.out"), List.of("streaming",
                "--bootstrap-servers", broker.bootstrapServers(), "--input-topic", raw, "--output-topic", "pred-" + run,
                "--deadletter-topic", "dlq-" + run, "--consumer-group", "group-" + run, "--metrics-port", Integer.toString(port),
                "--reports-dir", "reports", "--log-dir", "logs"))) {
            String consumed = "churn_records_consumed_total ";
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> get(port, "/metrics").body().contains(consumed + "301.0"));

            String metrics = get(port, "/metrics").body();
            assertThat(metrics).contains("churn_records_scored_total 300.0")
                    .contains("churn_records_deadlettered_total{error_type=\"parse_error\"} 1.0")
                    .contains("churn_scoring_latency_seconds_bucket").contains("churn_end_to_end_lag_seconds_count 300")
                    .contains("churn_consumer_lag{partition=\"0\",topic=\"" + raw + "\"}")
                    .contains("churn_model_info{version=\"churn-gbm-")
                    .contains("churn_predictions_total{model_version=\"churn-gbm-")
                    .contains("churn_drift_window_records 300.0").contains("churn_feature_drift_psi{feature=\"tenure\"}")
                    .contains("churn_score_drift_psi ").contains("churn_model_refused_total{reason=\"unparseable\"} 0.0")
                    .contains("kafka_consumer_fetch_manager_records_consumed_total")
                    .contains("kafka_producer_record_send_total");

            HttpResponse<String> health = get(port, "/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode body = Json.parse(health.body().getBytes(StandardCharsets.UTF_8));
            assertThat(body.get("status").asText()).isEqualTo("UP");
            assertThat(body.at("/checks/broker/status").asText()).isEqualTo("UP");
            assertThat(body.at("/checks/model/version").asText()).startsWith("churn-gbm-");
            assertThat(body.at("/checks/last_poll/age_ms").asLong()).isLessThan(60_000);

            assertThat(consumer.output()).contains("drift monitoring: the last 10000 scored records");
            assertThat(consumer.stop(TestJars.STOP_TIMEOUT)).as(consumer.output()).isZero();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
