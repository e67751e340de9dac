package io.churnstream.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.KafkaProcess;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.TestJars;
import io.churnstream.common.process.JvmProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code --metrics-port} of both publishing commands: Prometheus metrics and the health check while they run. */
@ExtendWith(KafkaBrokerExtension.class)
class MetricsIntegrationTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void should_serve_send_counts_client_metrics_and_health_while_streaming(TestBroker broker) throws Exception {
        int port = KafkaProcess.freePort();
        try (JvmProcess producer = TestJars.start(ProducerJar.JAR, dir.resolve("streaming.out"), List.of("streaming",
                "--bootstrap-servers", broker.bootstrapServers(), "--topic", "metrics-" + UUID.randomUUID(),
                "--events-per-sec", "50", "--metrics-port", Integer.toString(port), "--log-dir", "logs"))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> value(get(port, "/metrics").body(), "churn_producer_records_acknowledged_total") >= 20);

            String metrics = get(port, "/metrics").body();
            assertThat(value(metrics, "churn_producer_records_sent_total"))
                    .isGreaterThanOrEqualTo(value(metrics, "churn_producer_records_acknowledged_total"));
            assertThat(value(metrics, "churn_producer_send_errors_total")).isZero();
            assertThat(metrics).contains("kafka_producer_record_send_total").contains("jvm_memory_used_bytes")
                    .doesNotContain("churn_producer_checkpoint_row");

            HttpResponse<String> health = get(port, "/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"errors\":0");

            assertThat(producer.stop(TestJars.STOP_TIMEOUT)).as(producer.output()).isZero();
        }
    }

    @Test
    void should_serve_the_checkpoint_row_of_a_batch_run(TestBroker broker) throws Exception {
        int port = KafkaProcess.freePort();
        try (JvmProcess producer = TestJars.start(ProducerJar.JAR, dir.resolve("batch.out"), List.of("batch",
                "--bootstrap-servers", broker.bootstrapServers(), "--topic", "metrics-" + UUID.randomUUID(),
                "--rows", "10000000", "--batch-size", "100", "--checkpoint", "checkpoint.json",
                "--metrics-port", Integer.toString(port), "--log-dir", "logs"))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> value(get(port, "/metrics").body(), "churn_producer_checkpoint_row") >= 100);

            String metrics = get(port, "/metrics").body();
            double row = value(metrics, "churn_producer_checkpoint_row");
            assertThat(row % 100).as("the checkpoint moves by whole batches").isZero();
            assertThat(value(metrics, "churn_producer_records_acknowledged_total")).isGreaterThanOrEqualTo(row);

            assertThat(producer.stop(TestJars.STOP_TIMEOUT)).as(producer.output()).isZero();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of an unlabelled series in the exposition text; fails when it is missing. */
    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertThat(m.find()).as("series %s in:%n%s", series, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
