package io.churnstream.consumer.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.churnstream.common.json.Json;
import io.churnstream.common.record.ErrorType;
import org.HdrHistogram.Histogram;

/**
 * The end-of-run report: {@code <dir>/<mode>_summary_<UTC>.json}, an HTML view beside it, and a human summary.
 */
public final class RunSummary {

    private static final DateTimeFormatter FILE_TS = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Map<String, Object> fields;

    private RunSummary(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** The run as data; {@code context} holds what the stats do not know (mode, group, model version, outcome...). */
    public static RunSummary of(RunStats stats, Map<String, Object> context) {
        double seconds = stats.elapsedSeconds();
        Map<String, Object> m = new LinkedHashMap<>(context);
        m.put("started_ts", stats.startedAt().toString());
        m.put("finished_ts", Instant.now().toString());
        m.put("duration_s", round(seconds, 3));
        m.put("consumed", stats.consumed());
        m.put("predicted", stats.predicted());
        if (stats.copied() > 0) {
            m.put("copied", stats.copied());
        }
        Map<String, Object> dead = new LinkedHashMap<>();
        dead.put("total", stats.deadLetteredTotal());
        Map<String, Long> byType = new LinkedHashMap<>();
        for (ErrorType type : ErrorType.values()) {
            byType.put(type.wireName(), stats.deadLettered().getOrDefault(type, 0L));
        }
        dead.put("by_type", byType);
        m.put("dead_lettered", dead);
        m.put("throughput_per_s", seconds > 0 ? round(stats.consumed() / seconds, 1) : 0.0);
        m.put("churn_rate", rate(stats.churned(), stats.predicted()));
        Map<String, Object> byContract = new LinkedHashMap<>();
        stats.byContract().forEach((contract, counts) -> byContract.put(contract,
                Map.of("predictions", counts[0], "churn_rate", rate(counts[1], counts[0]))));
        m.put("churn_rate_by_contract", byContract);
        m.put("probability_histogram", probabilityHistogram(stats.probabilityBins()));
        m.put("scoring_latency_ms", percentiles(stats.scoringMicros(), 1e-3));
        m.put("end_to_end_latency_ms", percentiles(stats.endToEndMillis(), 1.0));
        List<Map<String, Object>> partitions = new ArrayList<>();
        stats.partitions().forEach((tp, range) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("topic", tp.topic());
            p.put("partition", tp.partition());
            p.put("first_offset", range.first());
            p.put("last_offset", range.last());
            p.put("records", range.records());
            partitions.add(p);
        });
        m.put("partitions", partitions);
        return new RunSummary(m);
    }

    public Map<String, Object> fields() {
        return fields;
    }

    /** Writes the JSON and the HTML view into {@code dir}; returns the JSON's path. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String base = fields.get("mode") + "_summary_" + FILE_TS.format(Instant.parse((String) fields.get("finished_ts")));
        Path json = dir.resolve(base + ".json");
        Files.write(json, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(fields));
        Files.writeString(dir.resolve(base + ".html"), HtmlReport.render(fields), StandardCharsets.UTF_8);
        return json;
    }

    /** A few lines for people: counts, rates and latencies. */
    public void print(PrintWriter out) {
        @SuppressWarnings("unchecked")
        Map<String, Object> dead = (Map<String, Object>) fields.get("dead_lettered");
        out.printf(Locale.ROOT, "%s summary (%s): consumed %d, predicted %d, dead-lettered %d %s in %.1f s (%.1f records/s)%n",
                fields.get("mode"), fields.get("outcome"), fields.get("consumed"), fields.get("predicted"),
                dead.get("total"), dead.get("by_type"), fields.get("duration_s"), fields.get("throughput_per_s"));
        out.printf(Locale.ROOT, "  churn rate %.1f%% overall, by contract %s%n", 100 * (double) fields.get("churn_rate"),
                contractRates());
        out.printf(Locale.ROOT, "  scoring latency ms %s, end-to-end latency ms %s%n", fields.get("scoring_latency_ms"),
                fields.get("end_to_end_latency_ms"));
        out.printf(Locale.ROOT, "  model %s%n", fields.get("model_version"));
        out.flush();
    }

    private String contractRates() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> byContract = (Map<String, Map<String, Object>>) fields.get("churn_rate_by_contract");
        List<String> parts = new ArrayList<>();
        byContract.forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %.1f%%", k, 100 * (double) v.get("churn_rate"))));
        return String.join(", ", parts);
    }

    private static List<Map<String, Object>> probabilityHistogram(long[] bins) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < bins.length; i++) {
            Map<String, Object> bin = new LinkedHashMap<>();
            bin.put("from", round((double) i / bins.length, 2));
            bin.put("to", round((double) (i + 1) / bins.length, 2));
            bin.put("count", bins[i]);
            out.add(bin);
        }
        return out;
    }

    private static Map<String, Object> percentiles(Histogram h, double toMillis) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("count", h.getTotalCount());
        for (double q : new double[]{50, 95, 99}) {
            p.put("p" + (int) q, h.getTotalCount() == 0 ? 0.0 : round(h.getValueAtPercentile(q) * toMillis, 3));
        }
        p.put("max", h.getTotalCount() == 0 ? 0.0 : round(h.getMaxValue() * toMillis, 3));
        return p;
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0.0 : round((double) part / whole, 4);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
