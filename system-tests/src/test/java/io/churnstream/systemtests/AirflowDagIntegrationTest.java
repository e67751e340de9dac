package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.broker.KafkaProcess;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.kafka.Topics;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.synthetic.SyntheticCustomers;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow DAGs' exact commands, in the DAGs' order, run by orchestration/airflow/run_dag.py against a broker
 * of the test's own (Airflow itself is not installed: its commands are what the DAG files run). The batch pipeline
 * runs first, so that its consumer window sees exactly the rows its producer sent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AirflowDagIntegrationTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Path RUN_DAG = HOME.resolve("orchestration/airflow/run_dag.py");
    private static final Path STREAMING_CONSUMER = HOME.resolve("scripts/streaming-consumer.sh");
    private static final int ROWS = 300;

    @TempDir
    static Path dir;

    private static KafkaProcess kafka;
    private static TopicIO topics;
    private static Map<String, String> env;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaProcess.start(dir.resolve("kafka"));
        topics = new TopicIO(kafka.bootstrapServers());
        env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "CHURNSTREAM_HOME", HOME.toString(),
                "CHURN_STATE_DIR", dir.resolve("state").toString(),
                "CHURN_REPORTS_DIR", dir.resolve("reports").toString(),
                "CHURN_BATCH_ROWS", Integer.toString(ROWS),
                "CHURN_WINDOW_TIMEOUT_MS", "5000",
                "METRICS_PORT", Integer.toString(KafkaProcess.freePort()),
                "CONSUMER_DIR", dir.resolve("streaming-consumer").toString(),
                "REPORTS_DIR", dir.resolve("streaming-reports").toString()));
        env.put("CHURN_MONITOR_SECONDS", "6");
        env.put("WATCH_INTERVAL", "2");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (env != null) {
            run(List.of("bash", STREAMING_CONSUMER.toString(), "stop"), dir.resolve("stop.out"));
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void should_run_the_batch_pipeline_in_order_and_score_every_row() throws Exception {
        Path log = dir.resolve("batch-dag.out");
        assertThat(run(List.of("/usr/bin/python3", RUN_DAG.toString(), "churn_batch_pipeline", "it-batch"), log))
                .as(output(log)).isZero();

        assertThat(tasksStarted(log)).containsExactly("health_check_kafka", "produce_batch", "consume_window",
                "publish_summary");
        JsonNode summary = Json.parse(Files.readAllBytes(dir.resolve("reports/batch_pipeline_it-batch.json")));
        assertThat(summary.path("producer").path("sent").asInt()).isEqualTo(ROWS);
        assertThat(summary.path("consumer").path("predicted").asInt()).isEqualTo(ROWS);
        assertThat(topics.readAll(Topics.PREDICTIONS, true)).hasSize(ROWS);
    }

    @Test
    @Order(2)
    void should_start_the_streaming_consumer_once_and_watch_its_health() throws Exception {
        Path first = dir.resolve("streaming-dag-1.out");
        assertThat(run(List.of("/usr/bin/python3", RUN_DAG.toString(), "churn_streaming_pipeline", "it-stream-1"), first))
                .as(output(first)).isZero();
        assertThat(tasksStarted(first)).containsExactly("health_check_kafka", "start_consumer", "monitor_consumer");
        assertThat(output(first)).contains("streaming consumer healthy");

        // the consumer outlives the run and scores what arrives
        assertThat(health().statusCode()).isEqualTo(200);
        SyntheticCustomers generator = new SyntheticCustomers(20_261_130L);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            CustomerRecord customer = generator.next().withEventTs("2026-11-30T10:00:00Z");
            ids.add(customer.customerId());
            records.add(new ProducerRecord<>(Topics.RAW_CUSTOMERS, customer.customerId().getBytes(StandardCharsets.UTF_8),
                    Json.write(customer)));
        }
        topics.send(records);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(topics.keyCounts(Topics.PREDICTIONS, true)).containsKeys(ids.toArray(String[]::new)));

        // a second run finds it running and does not start another
        Path second = dir.resolve("streaming-dag-2.out");
        assertThat(run(List.of("/usr/bin/python3", RUN_DAG.toString(), "churn_streaming_pipeline", "it-stream-2"), second))
                .as(output(second)).isZero();
        assertThat(output(second)).contains("streaming consumer already running");

        // the monitor task fails once the consumer is gone
        Path stop = dir.resolve("stop-consumer.out");
        assertThat(run(List.of("bash", STREAMING_CONSUMER.toString(), "stop"), stop)).as(output(stop)).isZero();
        Path watch = dir.resolve("watch.out");
        assertThat(run(List.of("bash", STREAMING_CONSUMER.toString(), "watch", "4"), watch)).isNotZero();
        assertThat(output(watch)).contains("error: the streaming consumer is not running");
    }

    private static int run(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 4 minutes; output:\n" + output(log));
        }
        return process.exitValue();
    }

    private static List<String> tasksStarted(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("run_dag: ") && l.endsWith(" started"))
                .map(l -> l.split(" ")[3]).toList();
    }

    private static HttpResponse<String> health() throws IOException, InterruptedException {
        URI uri = URI.create("http://localhost:" + env.get("METRICS_PORT") + "/health");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String output(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
