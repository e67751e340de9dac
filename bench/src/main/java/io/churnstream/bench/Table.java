package io.churnstream.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/** The Markdown table of a report: one row per figure, with the reference, the ratio and the target. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final JsonNode report;

    private Table(JsonNode report) {
        this.report = report;
        rows.add(new String[]{"figure", "churnstream", "reference", "ratio", "target"});
    }

    static String render(JsonNode report) {
        Table t = new Table(report);
        t.producer(report.path("producer"));
        t.consumer(report.path("consumer"));
        t.swap(report.path("swap"));
        t.scoring(report.path("scoring"));
        t.latency(report.path("latency"));
        t.scaling(report.path("scaling"));
        t.cluster(report.path("cluster"));
        t.row("bench wall time", fmt(report.path("wall_time_s"), " s", 0), "", "", t.targets("wall_time"));
        return t.markdown();
    }

    private void producer(JsonNode p) {
        if (skipped("producer", p)) {
            return;
        }
        JsonNode c = p.path("churnstream");
        JsonNode r = p.path("producer_performance");
        row("producer batch, " + fmt(p.path("records"), "", 0) + " records of " + fmt(p.path("avg_value_bytes"), " B", 1),
                fmt(c.path("records_per_s"), " rec/s", 0) + " (" + fmt(c.path("mb_per_s"), " MB/s", 1) + ")",
                "ProducerPerformance " + fmt(r.path("records_per_s"), " rec/s", 0) + " (" + fmt(r.path("mb_per_s"), " MB/s", 1) + ")",
                "**" + fmt(p.path("ratio_vs_producer_performance"), "", 2) + "** (runs " + list(p.path("ratio_per_run")) + ")",
                targets("producer_vs_producer_performance"));
        row("producer batch, wall clock incl. JVM start", fmt(c.path("wall_records_per_s"), " rec/s", 0),
                fmt(r.path("wall_records_per_s"), " rec/s", 0), fmt(p.path("ratio_wall_clock"), "", 2), "");
        row("producer CPU time (user+sys), peak RSS", fmt(c.path("cpu_s"), " s", 1) + ", " + fmt(c.path("peak_rss_mb"), " MB", 0),
                fmt(r.path("cpu_s"), " s", 1) + ", " + fmt(r.path("peak_rss_mb"), " MB", 0), fmt(p.path("ratio_cpu_time"), "", 2), "");
    }

    private void consumer(JsonNode c) {
        if (skipped("consumer", c)) {
            return;
        }
        String[][] guarantees = {{"at_least_once", "at-least-once", "ratio_vs_passthrough", "consumer_scoring_vs_pass_through"},
            {"exactly_once", "--exactly-once", "ratio_vs_passthrough_exactly_once", "consumer_exactly_once_scoring_vs_pass_through"}};
        for (String[] g : guarantees) {
            JsonNode s = c.path(g[0]).path("scoring");
            JsonNode t = c.path(g[0]).path("pass_through");
            row("consumer batch, " + g[1] + ", scoring (own clock)", fmt(s.path("records_per_s"), " rec/s", 0),
                    "pass-through " + fmt(t.path("records_per_s"), " rec/s", 0),
                    "**" + fmt(c.path(g[2]), "", 2) + "** (runs " + list(c.path("ratio_per_run").path(g[0])) + ")", targets(g[3]));
        }
        row("consumer exactly-once vs at-least-once", "", "", fmt(c.path("ratio_exactly_once_vs_at_least_once"), "", 2), "");
        JsonNode m = c.path("memory");
        row("consumer peak RSS (" + fmt(m.path("records"), "", 0) + " records, scoring, at-least-once)",
                fmt(m.path("peak_rss_mb"), " MB", 0), "", "", targets("consumer_peak_rss"));
        JsonNode phases = c.path("startup").path("phases_ms");
        List<String> parts = new ArrayList<>();
        phases.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("total")) {
                parts.add(e.getKey().replace('_', ' ') + " " + fmt(e.getValue(), " ms", 0));
            }
        });
        row("consumer start-up to first prediction", fmt(c.path("startup").path("to_first_prediction_ms"), " ms", 0),
                String.join(", ", parts), "", targets("consumer_startup"));
    }

    private void scoring(JsonNode s) {
        if (skipped("scoring", s)) {
            return;
        }
        s.path("benchmarks").fields().forEachRemaining(e -> {
            JsonNode lat = e.getValue().path("latency_us");
            row("model " + e.getKey() + " (JMH)", fmt(e.getValue().path("records_per_s"), " rec/s", 0),
                    lat.isMissingNode() ? "" : "p50 " + fmt(lat.path("p50"), " us", 1) + ", p99 " + fmt(lat.path("p99"), " us", 1), "", "");
        });
    }

    private void latency(JsonNode l) {
        if (skipped("latency", l)) {
            return;
        }
        l.path("rates").fields().forEachRemaining(e -> {
            JsonNode r = e.getValue();
            JsonNode gc = r.path("consumer_gc");
            JsonNode split = r.path("split_at_processed_ts");
            String ids = Targets.ALL.stream().filter(t -> t.key().startsWith("latency.rates." + e.getKey() + "."))
                    .map(Targets.Target::id).collect(Collectors.joining(","));
            row("end-to-end latency at " + fmt(r.path("events_per_s"), "", 0) + " events/s",
                    "p50 " + fmt(r.path("p50_ms"), " ms", 0) + ", p95 " + fmt(r.path("p95_ms"), " ms", 0) + ", p99 "
                            + fmt(r.path("p99_ms"), " ms", 0) + ", max " + fmt(r.path("max_ms"), " ms", 0),
                    fmt(r.path("predictions_timed"), "", 0) + " predictions timed; consumer GC: " + fmt(gc.path("pauses"), "", 0)
                            + " pauses, max " + fmt(gc.path("max_pause_ms"), " ms", 1) + ", total " + fmt(gc.path("total_pause_ms"), " ms", 1)
                            + "; p50/p99 to scored " + fmt(split.path("event_to_scored").path("p50_ms"), "", 0) + "/"
                            + fmt(split.path("event_to_scored").path("p99_ms"), " ms", 0) + ", scored to readable "
                            + fmt(split.path("scored_to_readable").path("p50_ms"), "", 0) + "/"
                            + fmt(split.path("scored_to_readable").path("p99_ms"), " ms", 0),
                    "", ids.isEmpty() ? "" : targets(ids.split(",")));
        });
    }

    private void swap(JsonNode s) {
        if (notSelected(s) || skipped("swap", s)) {
            return;
        }
        row("consumer batch at-least-once, a model swap mid-run", fmt(s.path("swap").path("records_per_s"), " rec/s", 0),
                "no swap " + fmt(s.path("no_swap").path("records_per_s"), " rec/s", 0),
                "**" + fmt(s.path("ratio_swap_vs_no_swap"), "", 2) + "** (runs " + list(s.path("ratio_per_run")) + ")",
                targets("consumer_swap_vs_no_swap"));
        row("after / before the swap (no swap: half-way)", fmt(s.path("swap").path("after_vs_before"), "", 2),
                "no swap " + fmt(s.path("no_swap").path("after_vs_before"), "", 2), "", "");
    }

    private void scaling(JsonNode s) {
        if (notSelected(s) || skipped("scaling", s)) {
            return;
        }
        JsonNode i = s.path("instances");
        row("consumers in one group, 6 partitions", "2: " + fmt(i.path("2").path("group_records_per_s"), " rec/s", 0),
                "1: " + fmt(i.path("1").path("group_records_per_s"), " rec/s", 0), fmt(s.path("ratio_2_vs_1"), "", 2), "");
    }

    private void cluster(JsonNode c) {
        if (notSelected(c) || skipped("cluster", c)) {
            return;
        }
        String cluster = "cluster of " + fmt(c.path("nodes"), "", 0);
        for (String rf : new String[]{Integer.toString(ClusterSection.REPLICAS), "1"}) {
            JsonNode p = c.path("rf_" + rf).path("producer");
            JsonNode alo = c.path("rf_" + rf).path("consumer");
            row(cluster + ", RF=" + rf + ": producer batch", fmt(p.path("churnstream").path("records_per_s"), " rec/s", 0),
                    "ProducerPerformance " + fmt(p.path("producer_performance").path("records_per_s"), " rec/s", 0),
                    "**" + fmt(p.path("ratio_vs_producer_performance"), "", 2) + "** (runs " + list(p.path("ratio_per_run")) + ")", "");
            row(cluster + ", RF=" + rf + ": consumer batch at-least-once, scoring",
                    fmt(alo.path("at_least_once").path("scoring").path("records_per_s"), " rec/s", 0),
                    "pass-through " + fmt(alo.path("at_least_once").path("pass_through").path("records_per_s"), " rec/s", 0),
                    "**" + fmt(alo.path("ratio_vs_passthrough"), "", 2) + "** (runs "
                            + list(alo.path("ratio_per_run").path("at_least_once")) + ")", "");
        }
        JsonNode cost = c.path("replication_cost");
        row(cluster + ", records/s at RF=" + ClusterSection.REPLICAS + " / at RF=1",
                "producer " + fmt(cost.path("producer"), "", 2) + ", consumer scoring " + fmt(cost.path("consumer_scoring"), "", 2),
                "ProducerPerformance " + fmt(cost.path("producer_performance"), "", 2) + ", pass-through "
                        + fmt(cost.path("consumer_pass_through"), "", 2), "", "");
    }

    /** An opt-in section that was not asked for, or that the report's version did not have: no row at all. */
    private static boolean notSelected(JsonNode section) {
        return section.isMissingNode()
                || section.path("status").asText().equals("skipped") && section.path("note").asText().equals("not in SECTIONS");
    }

    private boolean skipped(String name, JsonNode section) {
        if (section.path("status").asText().equals("ok")) {
            return false;
        }
        row(name, section.path("status").asText("missing") + ": " + section.path("note").asText(""), "", "", "");
        return true;
    }

    /** "<= 20 ms: met", one per target, from the report's evaluation. */
    private String targets(String... ids) {
        List<String> cells = new ArrayList<>();
        for (String id : ids) {
            for (JsonNode t : report.path("targets")) {
                if (t.path("id").asText().equals(id)) {
                    String key = t.path("key").asText();
                    String metric = key.endsWith("_ms") && key.contains(".p") ? key.substring(key.lastIndexOf('.') + 1, key.length() - 3) + " " : "";
                    JsonNode met = t.path("met");
                    cells.add(metric + t.path("target").asText() + ": "
                            + (met.isBoolean() ? (met.asBoolean() ? "met" : "**missed**") : "not judged"));
                }
            }
        }
        return String.join("; ", cells);
    }

    private void row(String... cells) {
        rows.add(cells);
    }

    private String markdown() {
        int[] widths = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < 5; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            out.append(line(rows.get(n), widths));
            if (n == 0) {
                String[] rule = new String[5];
                for (int i = 0; i < 5; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                out.append(line(rule, widths));
            }
        }
        JsonNode m = report.path("machine");
        JsonNode s = report.path("settings");
        out.append('\n').append(String.format(Locale.ROOT, "%s cores, %s, load average %s at start, %s at end; %s records, "
                        + "median of %s run(s) after a warm-up (%s); targets: %s met, %s missed, %s not judged.%n",
                m.path("cores").asText("?"), m.path("java").asText("?"), m.path("load_average_start").asText("?"),
                m.path("load_average_end").asText("?"), s.path("rows").asText("?"), s.path("runs").asText("?"),
                report.path("started_utc").asText("?"), report.path("targets_summary").path("met").asText("?"),
                report.path("targets_summary").path("missed").asText("?"), report.path("targets_summary").path("not_judged").asText("?")));
        List<String> times = new ArrayList<>();
        for (Section section : Section.values()) {
            JsonNode wall = report.path(section.key()).path("wall_s");
            if (wall.isNumber()) {
                times.add(section.key() + " " + fmt(wall, " s", 0));
            }
        }
        if (!times.isEmpty()) {
            out.append("Time per section: ").append(String.join(", ", times)).append("; building before the run: ")
                    .append(fmt(report.path("build_s"), " s", 0)).append('.').append(System.lineSeparator());
        }
        return out.toString();
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            b.append(' ').append(String.format("%-" + Math.max(1, widths[i]) + "s", cells[i])).append(" |");
        }
        return b.append('\n').toString();
    }

    static String fmt(JsonNode value, String unit, int digits) {
        if (value == null || !value.isNumber()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,." + digits + "f", value.asDouble()) + unit;
    }

    private static String list(JsonNode values) {
        Iterator<JsonNode> it = values.elements();
        return StreamSupport.stream(((Iterable<JsonNode>) () -> it).spliterator(), false)
                .map(v -> fmt(v, "", 2)).collect(Collectors.joining(", "));
    }
}
