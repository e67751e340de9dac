package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.KafkaProcess;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.TestJars;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.process.JvmProcess;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL expression of the Grafana dashboard and of the alert rules, as {@code ops/list-queries.py} lists them,
 * evaluated through the HTTP API of a real Prometheus that scrapes real jars: {@code consumer.jar streaming}, a
 * {@code producer.jar streaming} of the shifted population (so the drift metrics move) and a slow
 * {@code producer.jar batch} (the only one with a checkpoint row), on the shared test broker, plus a few malformed
 * records (dead letters). Prometheus runs on {@code ops/prometheus/} as shipped: the same jobs, rules and file
 * layout, with only the two static ports swapped and the batch producer listed in a {@code targets/producers-*.json}.
 *
 * <p>An expression passes when
 * <ol>
 *   <li>each of its vector selectors, on its own, returns at least one series: a misspelt metric name or label value
 *       returns none, even where the expression hides it (as in {@code sum(rate(x[5m])) or vector(0)}); and</li>
 *   <li>the whole expression, with every comparison to a number turned into its {@code bool} form
 *       ({@code x > 0.2} becomes {@code x > bool 0.2}), is valid and returns at least one series. A healthy run
 *       fires no alert, so their thresholds would filter every series out; {@code bool} keeps the series and still
 *       evaluates everything else (joins, {@code and}, {@code group_left}, subqueries). Panels have no such
 *       comparisons and run as written.</li>
 * </ol>
 */
@ExtendWith(KafkaBrokerExtension.class)
class MonitoringIntegrationTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Duration SERIES_DEADLINE = Duration.ofSeconds(90);
    private static final int DRIFT_WINDOW = 500;

    @TempDir
    Path dir;

    /** One line of ops/list-queries.py. */
    record Query(String source, String name, String expr, String promql) {
        boolean alert() {
            return source.endsWith("alerts.yml");
        }
    }

    @Test
    void should_give_every_panel_and_alert_expression_series_from_the_running_jars(TestBroker broker) throws Exception {
        List<Query> queries = listQueries();
        assertThat(queries.stream().filter(Query::alert).count()).as("alert expressions").isGreaterThanOrEqualTo(8);
        assertThat(queries.stream().filter(q -> !q.alert()).count()).as("panel expressions").isGreaterThanOrEqualTo(20);
        Prometheus.binary();

        String run = UUID.randomUUID().toString().substring(0, 8);
        String raw = "raw-" + run;
        TopicIO topics = new TopicIO(broker.bootstrapServers());
        topics.create(raw, 3, Map.of());
        Path shifted = dir.resolve("shifted.csv");
        assertThat(TestJars.run(Jars.PRODUCER, dir.resolve("generate/generate.out"), Duration.ofSeconds(60), List.of(
                "generate", "--rows", "2000", "--profile", "shifted", "--out", shifted.toString(), "--log-dir", "logs")))
                .isZero();
        int consumerPort = KafkaProcess.freePort();
        int producerPort = KafkaProcess.freePort();
        int batchPort = KafkaProcess.freePort();

        try (JvmProcess consumer = TestJars.start(Jars.CONSUMER, dir.resolve("consumer/consumer.out"), List.of("streaming",
                     "--bootstrap-servers", broker.bootstrapServers(), "--input-topic", raw, "--output-topic", "pred-" + run,
                     "--deadletter-topic", "dlq-" + run, "--consumer-group", "group-" + run, "--drift-window",
                     Integer.toString(DRIFT_WINDOW), "--metrics-port", Integer.toString(consumerPort), "--log-dir", "logs",
                     "--reports-dir", "reports"));
             JvmProcess producer = TestJars.start(Jars.PRODUCER, dir.resolve("producer/producer.out"), List.of("streaming",
                     "--bootstrap-servers", broker.bootstrapServers(), "--topic", raw, "--input", shifted.toString(),
                     "--events-per-sec", "100", "--metrics-port", Integer.toString(producerPort), "--log-dir", "logs"));
             // Batches of 20 rows, two in flight, sent after a 500 ms linger: about 80 rows/s, so it runs until stopped.
             JvmProcess batch = TestJars.start(Jars.PRODUCER, dir.resolve("batch/batch.out"), List.of("batch",
                     "--bootstrap-servers", broker.bootstrapServers(), "--topic", "batch-" + run, "--rows", "100000000",
                     "--batch-size", "20", "--in-flight-batches", "2", "-X", "linger.ms=500", "--checkpoint",
                     "checkpoint.json", "--metrics-port", Integer.toString(batchPort), "--log-dir", "logs"));
             Prometheus prometheus = Prometheus.start(config(dir.resolve("prometheus"), consumerPort, producerPort, batchPort),
                     dir.resolve("prometheus"))) {
            int malformed = sendMalformed(topics, raw);

            Map<Query, String> failures = awaitSeries(prometheus, queries);
            assertThat(failures).as("expressions without series or invalid, after %s:%n%s%nprocess output:%n%s",
                    SERIES_DEADLINE, describe(failures), outputs(consumer, producer, batch, prometheus)).isEmpty();

            List<JsonNode> rules = new ArrayList<>();
            prometheus.api("/api/v1/rules").at("/data/groups").forEach(g -> g.path("rules").forEach(rules::add));
            assertThat(rules).as("alert rules Prometheus loaded").hasSize((int) queries.stream().filter(Query::alert).count());
            await("every rule evaluated without error", () -> {
                List<String> unhealthy = new ArrayList<>();
                prometheus.api("/api/v1/rules").at("/data/groups").forEach(g -> g.path("rules").forEach(r -> {
                    if (!"ok".equals(r.path("health").asText())) {
                        unhealthy.add(r.path("name").asText() + ": " + r.path("health").asText() + " " + r.path("lastError").asText());
                    }
                }));
                return unhealthy.isEmpty() ? null : unhealthy.toString();
            });

            awaitValue(prometheus, "churn_drift_window_records{job=\"churn-consumer\"}", v -> v == DRIFT_WINDOW,
                    "a full drift window");
            awaitValue(prometheus, "churn_feature_drift_psi{job=\"churn-consumer\",feature=\"tenure\"}", v -> v > 0.2,
                    "the PSI of tenure above 0.2 on the shifted population");
            awaitValue(prometheus, "sum(churn_records_deadlettered_total{job=\"churn-consumer\"})", v -> v == malformed,
                    "every malformed record dead-lettered");

            assertThat(batch.stop(TestJars.STOP_TIMEOUT)).as(batch.output()).isZero();
            assertThat(producer.stop(TestJars.STOP_TIMEOUT)).as(producer.output()).isZero();
            assertThat(consumer.stop(TestJars.STOP_TIMEOUT)).as(consumer.output()).isZero();
        }
    }

    /**
     * Evaluates each expression until it passes (see the class comment) or the deadline passes; returns the
     * failures: an invalid expression at once, one without series at the deadline.
     */
    private static Map<Query, String> awaitSeries(Prometheus prometheus, List<Query> queries) throws IOException {
        Map<Query, String> pending = new LinkedHashMap<>();
        queries.forEach(q -> pending.put(q, "not evaluated"));
        Map<Query, String> invalid = new LinkedHashMap<>();
        long deadline = System.nanoTime() + SERIES_DEADLINE.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (Query query : List.copyOf(pending.keySet())) {
                String failure = evaluate(prometheus, query);
                if (failure == null) {
                    pending.remove(query);
                } else if (failure.startsWith("invalid")) {
                    pending.remove(query);
                    invalid.put(query, failure);
                } else {
                    pending.put(query, failure);
                }
            }
            if (!pending.isEmpty()) {
                Prometheus.sleep(1_000);
            }
        }
        invalid.putAll(pending);
        return invalid;
    }

    /** Why {@code query} does not pass yet, or null when it does. */
    private static String evaluate(Prometheus prometheus, Query query) throws IOException {
        String expr = PromQl.comparisonsAsBool(query.promql());
        JsonNode whole = prometheus.query(expr);
        if (!"success".equals(whole.path("status").asText())) {
            return "invalid: " + whole.path("errorType").asText() + ": " + whole.path("error").asText() + " in " + expr;
        }
        for (String selector : PromQl.selectors(query.promql())) {
            JsonNode result = prometheus.query(selector).at("/data/result");
            if (result.isEmpty()) {
                return "no series for its selector " + selector;
            }
        }
        return whole.at("/data/result").isEmpty() ? "no series for " + expr : null;
    }

    /** Waits until {@code promql} returns one series whose value passes {@code expected}. */
    private static void awaitValue(Prometheus prometheus, String promql, DoublePredicate expected, String what)
            throws IOException {
        await(what, () -> {
            JsonNode result = prometheus.query(promql).at("/data/result");
            if (result.size() != 1) {
                return promql + " returns " + result;
            }
            double value = Double.parseDouble(result.get(0).at("/value/1").asText());
            return expected.test(value) ? null : promql + " = " + value;
        });
    }

    private interface Check {
        /** Null when it holds, else what is wrong. */
        String problem() throws IOException;
    }

    private static void await(String what, Check check) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String problem;
        while ((problem = check.problem()) != null) {
            assertThat(System.nanoTime() < deadline).as("%s: %s", what, problem).isTrue();
            Prometheus.sleep(1_000);
        }
    }

    /** The expressions of ops/list-queries.py, which needs Debian's python3 and python3-yaml (check-ops.sh installs them). */
    private List<Query> listQueries() throws IOException, InterruptedException {
        Path out = dir.resolve("queries.jsonl");
        Path err = dir.resolve("list-queries.err");
        Process p = new ProcessBuilder("/usr/bin/python3", HOME.resolve("ops/list-queries.py").toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ops/list-queries.py failed: %s(it runs on /usr/bin/python3 with python3-yaml, "
                + "which scripts/check-ops.sh installs when run as root)", Files.readString(err)).isZero();
        List<Query> queries = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode q = Json.parse(line.getBytes(StandardCharsets.UTF_8));
            queries.add(new Query(q.path("source").asText(), q.path("name").asText(), q.path("expr").asText(),
                    q.path("promql").asText()));
        }
        return queries;
    }

    /** ops/prometheus/ in {@code target}, with the consumer's and the streaming producer's ports swapped in. */
    private static Path config(Path target, int consumerPort, int producerPort, int batchPort) throws IOException {
        Path ops = HOME.resolve("ops/prometheus");
        Files.createDirectories(target.resolve("targets"));
        String yml = Files.readString(ops.resolve("prometheus.yml"));
        yml = swap(yml, "localhost:9464", consumerPort);
        yml = swap(yml, "localhost:9465", producerPort);
        Files.writeString(target.resolve("prometheus.yml"), yml);
        Files.copy(ops.resolve("alerts.yml"), target.resolve("alerts.yml"));
        Files.writeString(target.resolve("targets/producers-batch.json"), "[{\"targets\": [\"localhost:" + batchPort + "\"]}]");
        return target.resolve("prometheus.yml");
    }

    private static String swap(String yml, String target, int port) {
        assertThat(yml).as("ops/prometheus/prometheus.yml scrapes %s", target).containsOnlyOnce(target);
        return yml.replace(target, "localhost:" + port);
    }

    /** Non-JSON and off-schema events, which the consumer dead-letters; returns how many. */
    private static int sendMalformed(TopicIO topics, String topic) throws Exception {
        List<String> values = List.of("not json", "{\"customerID\": ", "{\"customerID\": \"bad-1\"}",
                "{\"customerID\": \"bad-2\", \"tenure\": -5}");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            records.add(new ProducerRecord<>(topic, ("bad-" + i).getBytes(StandardCharsets.UTF_8),
                    values.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        topics.send(records);
        return records.size();
    }

    private static String describe(Map<Query, String> failures) {
        StringBuilder s = new StringBuilder();
        failures.forEach((q, why) -> s.append("  ").append(q.source()).append(" / ").append(q.name()).append(": ")
                .append(why).append("\n    ").append(q.expr().replace("\n", " ")).append('\n'));
        return s.toString();
    }

    private static String outputs(JvmProcess consumer, JvmProcess producer, JvmProcess batch, Prometheus prometheus) {
        return "-- consumer\n" + JvmProcess.tail(consumer.output()) + "\n-- producer streaming\n"
                + JvmProcess.tail(producer.output()) + "\n-- producer batch\n" + JvmProcess.tail(batch.output())
                + "\n-- prometheus\n" + prometheus.log();
    }
}
