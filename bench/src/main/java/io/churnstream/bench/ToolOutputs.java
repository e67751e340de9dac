package io.churnstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.json.Json;

/**
 * What the measured tools report about themselves: ProducerPerformance's last line, the producer's and the consumer's
 * run summaries (the project's typed summary, snake_case), JMH's JSON.
 */
final class ToolOutputs {

    private static final Pattern MODEL_VERSION = Pattern.compile("^\\S+-[0-9a-f]{8}$");
    private static final Pattern PP_FINAL = Pattern.compile("^(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), "
            + "([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th.*");

    private ToolOutputs() {
    }

    /** ProducerPerformance's final figures (its own clock: first send to last acknowledgement). */
    record ProducerPerformance(long records, double recordsPerS, double mbPerS, double avgLatencyMs, long p99LatencyMs) {
    }

    /** The last summary line of ProducerPerformance's output; fails when there is none. */
    static ProducerPerformance producerPerformance(List<String> lines, Path source) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = PP_FINAL.matcher(lines.get(i).strip());
            if (m.matches()) {
                return new ProducerPerformance(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Long.parseLong(m.group(8)));
            }
        }
        throw new CliException(ExitCodes.RUNTIME_FAILURE, "no final ProducerPerformance line in " + source);
    }

    /**
     * producer.jar's --summary-json: records acknowledged, its own rate over {@code activeSeconds} (first to last
     * acknowledgement) and the run's whole duration.
     */
    record ProducerSummary(Long sent, Double recordsPerS, Double activeSeconds, Double durationSeconds) {
    }

    static ProducerSummary producerSummary(JsonNode s) {
        return new ProducerSummary(whole(s, "sent"), number(s, "throughput_per_s"), number(s, "active_s"), number(s, "duration_s"));
    }

    /** consumer.jar's run summary: counts and its own throughput. */
    record ConsumerSummary(Long consumed, Long predicted, Long deadLettered, Double recordsPerS, Double durationSeconds) {
    }

    static ConsumerSummary consumerSummary(JsonNode s) {
        return new ConsumerSummary(whole(s, "consumed"), whole(s, "predicted"), whole(s.path("dead_lettered"), "total"),
                number(s, "throughput_per_s"), number(s, "duration_s"));
    }

    /** Predictions per model version in a consumer's run summary, in the order the versions first scored. */
    static Map<String, Long> predictedByModelVersion(JsonNode s) {
        Map<String, Long> byVersion = new LinkedHashMap<>();
        s.path("predicted_by_model_version").fields().forEachRemaining(e -> byVersion.put(e.getKey(), e.getValue().asLong()));
        return byVersion;
    }

    /** The version {@code consumer.jar model publish} printed: its last line of the form NAME-8 hex digits. */
    static String publishedVersion(List<String> lines, Path source) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (MODEL_VERSION.matcher(line).matches()) {
                return line;
            }
        }
        throw new CliException(ExitCodes.RUNTIME_FAILURE, "no published model version in " + source);
    }

    /** The newest {@code *summary*.json} a consumer run wrote into {@code reportsDir}. */
    static JsonNode newestSummary(Path reportsDir) {
        try (Stream<Path> files = Files.isDirectory(reportsDir) ? Files.list(reportsDir) : Stream.empty()) {
            Path newest = files.filter(p -> p.getFileName().toString().contains("summary") && p.toString().endsWith(".json"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new CliException(ExitCodes.RUNTIME_FAILURE, "no run summary in " + reportsDir));
            return read(newest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path json) {
        try {
            return Json.parse(Files.readAllBytes(json));
        } catch (IOException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot read " + json + ": " + e.getMessage());
        }
    }

    /** JMH's JSON as {name: {threads, records_per_s, records_per_s_per_thread, latency_us: {mean, p50, p99, p999}}}. */
    static Map<String, Object> jmhBenchmarks(JsonNode results) {
        Map<String, Object> benchmarks = new LinkedHashMap<>();
        for (JsonNode r : results) {
            String benchmark = r.path("benchmark").asText();
            String name = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String engine = r.path("params").path("engine").asText("");
            if (!engine.isEmpty()) {
                name += " " + engine.toLowerCase(Locale.ROOT);
            }
            int threads = r.path("threads").asInt(1);
            @SuppressWarnings("unchecked")
            Map<String, Object> b = (Map<String, Object>) benchmarks.computeIfAbsent(name, k -> Figures.obj("threads", threads));
            JsonNode metric = r.path("primaryMetric");
            double score = metric.path("score").asDouble();
            if (r.path("mode").asText().equals("thrpt")) {
                b.put("records_per_s", Figures.round(score, 1));
                b.put("records_per_s_per_thread", Figures.round(score / threads, 1));
            } else if (r.path("mode").asText().equals("sample")) {
                String unit = metric.path("scoreUnit").asText();
                double toMicros = unit.startsWith("s/") ? 1e6 : unit.startsWith("ms/") ? 1e3 : unit.startsWith("ns/") ? 1e-3 : 1;
                JsonNode p = metric.path("scorePercentiles");
                b.put("latency_us", Figures.obj("mean", Figures.round(score * toMicros, 2),
                        "p50", Figures.round(p.path("50.0").asDouble() * toMicros, 2),
                        "p99", Figures.round(p.path("99.0").asDouble() * toMicros, 2),
                        "p999", Figures.round(p.path("99.9").asDouble() * toMicros, 2)));
            }
        }
        return benchmarks;
    }

    private static Double number(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isNumber() ? value.asDouble() : null;
    }

    private static Long whole(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isNumber() ? value.asLong() : null;
    }
}
