package io.churnstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The figures the project has targets for, where each sits in the report, and whether a report meets them. */
final class Targets {

    /**
     * One target: {@code key} is the figure's dotted path in the report; {@code atLeast} says whether the figure must
     * reach {@code bound} from below (a ratio) or stay under it (a time or a size).
     */
    record Target(String id, String figure, String key, boolean atLeast, double bound, String unit) {

        String text() {
            String number = bound == Math.rint(bound) && unit.isEmpty() ? String.format(Locale.ROOT, "%.1f", bound)
                    : bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
            return (atLeast ? ">= " : "<= ") + number + (unit.isEmpty() ? "" : " " + unit);
        }

        boolean metBy(double value) {
            return atLeast ? value >= bound : value <= bound;
        }
    }

    static final List<Target> ALL = List.of(
            new Target("producer_vs_producer_performance",
                    "producer batch vs tuned ProducerPerformance (lz4, acks=all, idempotent)",
                    "producer.ratio_vs_producer_performance", true, 1.0, ""),
            new Target("consumer_scoring_vs_pass_through", "consumer batch at-least-once, scoring vs pass-through",
                    "consumer.ratio_vs_passthrough", true, 0.8, ""),
            new Target("consumer_exactly_once_scoring_vs_pass_through", "consumer batch --exactly-once, scoring vs pass-through",
                    "consumer.ratio_vs_passthrough_exactly_once", true, 0.9, ""),
            new Target("consumer_swap_vs_no_swap", "consumer batch at-least-once, a model swap mid-run vs none",
                    "swap.ratio_swap_vs_no_swap", true, 0.95, ""),
            new Target("latency_p99_at_1000", "end-to-end p99, event_ts to readable prediction, at 1,000 events/s",
                    "latency.rates.1000.p99_ms", false, 20, "ms"),
            new Target("latency_p99_at_5000", "end-to-end p99 at 5,000 events/s", "latency.rates.5000.p99_ms", false, 30, "ms"),
            new Target("latency_p50_at_20", "end-to-end p50 at a trickle (20 events/s)", "latency.rates.20.p50_ms", false, 10, "ms"),
            new Target("latency_p99_at_20", "end-to-end p99 at a trickle (20 events/s)", "latency.rates.20.p99_ms", false, 20, "ms"),
            new Target("consumer_startup", "consumer start-up to first prediction",
                    "consumer.startup.to_first_prediction_ms", false, 1500, "ms"),
            new Target("consumer_peak_rss", "consumer peak RSS, 1M records", "consumer.memory.peak_rss_mb", false, 256, "MB"),
            new Target("wall_time", "full bench wall time", "wall_time_s", false, 600, "s"));

    private Targets() {
    }

    /**
     * Each target with the report's value and whether it is met: null when the figure was not measured, or was
     * measured under other conditions than the target's (fewer records, or not the full run).
     */
    static List<Map<String, Object>> evaluate(JsonNode report, boolean fullRun) {
        List<Map<String, Object>> out = new ArrayList<>();
        long records = report.path("settings").path("rows").asLong();
        for (Target t : ALL) {
            JsonNode value = at(report, t.key());
            String note = null;
            if (!value.isNumber()) {
                note = "not measured";
            } else if (t.id().equals("consumer_peak_rss") && records < Settings.FULL_ROWS) {
                note = "measured on " + records + " records; the target is for " + Settings.FULL_ROWS;
            } else if (t.id().equals("wall_time") && !fullRun) {
                note = "the target is for the full run (ROWS=" + Settings.FULL_ROWS + ", RUNS=" + Settings.FULL_RUNS
                        + ", SECTIONS including " + Section.DEFAULT + ", no cluster)";
            }
            Map<String, Object> entry = Figures.obj("id", t.id(), "figure", t.figure(), "key", t.key(),
                    "value", value.isNumber() ? value.numberValue() : null, "unit", t.unit(), "target", t.text(),
                    "met", note == null ? (Object) t.metBy(value.asDouble()) : null);
            if (note != null) {
                entry.put("note", note);
            }
            out.add(entry);
        }
        return out;
    }

    /** How many targets are met, missed, and not judged. */
    static Map<String, Object> tally(List<Map<String, Object>> evaluated) {
        long met = evaluated.stream().filter(e -> Boolean.TRUE.equals(e.get("met"))).count();
        long missed = evaluated.stream().filter(e -> Boolean.FALSE.equals(e.get("met"))).count();
        return Figures.obj("met", met, "missed", missed, "not_judged", evaluated.size() - met - missed);
    }

    /** The node at a dotted path, or a missing node. */
    static JsonNode at(JsonNode root, String dotted) {
        JsonNode node = root;
        for (String part : dotted.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }
}
