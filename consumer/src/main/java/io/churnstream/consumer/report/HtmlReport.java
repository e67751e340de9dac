package io.churnstream.consumer.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML view of a run summary: inline SVG charts, no scripts, no external resources.
 * The markup is well-formed XML (XHTML) so it can be checked by any XML parser.
 */
final class HtmlReport {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 220;
    private static final int MARGIN = 40;

    private HtmlReport() {
    }

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> s) {
        Map<String, Object> dead = (Map<String, Object>) s.get("dead_lettered");
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>churnstream ").append(esc(s.get("mode"))).append(" run summary</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f3f3f3}")
                .append("td:first-child,th:first-child{text-align:left}svg{display:block;margin:1em 0}</style>\n")
                .append("</head>\n<body>\n<h1>churnstream ").append(esc(s.get("mode"))).append(" run summary</h1>\n")
                .append("<p>").append(esc(s.get("started_ts"))).append(" to ").append(esc(s.get("finished_ts")))
                .append(" (").append(esc(s.get("outcome"))).append("), model ").append(esc(s.get("model_version")))
                .append(", group ").append(esc(s.get("consumer_group"))).append("</p>\n");

        html.append("<table>\n<tr><th>consumed</th><th>predicted</th><th>dead-lettered</th><th>churn rate</th>")
                .append("<th>records/s</th><th>duration s</th></tr>\n<tr><td>").append(s.get("consumed"))
                .append("</td><td>").append(s.get("predicted")).append("</td><td>").append(dead.get("total"))
                .append("</td><td>").append(percent(s.get("churn_rate"))).append("</td><td>")
                .append(s.get("throughput_per_s")).append("</td><td>").append(s.get("duration_s")).append("</td></tr>\n</table>\n");

        html.append("<h2>Churn probability</h2>\n");
        List<Map<String, Object>> bins = (List<Map<String, Object>>) s.get("probability_histogram");
        html.append(bars(bins.stream().map(b -> String.format(Locale.ROOT, "%.2f", ((Number) b.get("from")).doubleValue())).toList(),
                bins.stream().map(b -> ((Number) b.get("count")).doubleValue()).toList(), "#4a78b5", false));

        html.append("<h2>Predicted churn rate by contract</h2>\n");
        Map<String, Map<String, Object>> byContract = (Map<String, Map<String, Object>>) s.get("churn_rate_by_contract");
        html.append(bars(List.copyOf(byContract.keySet()),
                byContract.values().stream().map(v -> ((Number) v.get("churn_rate")).doubleValue()).toList(), "#c0504d", true));

        html.append("<h2>Latency (ms)</h2>\n<table>\n<tr><th></th><th>p50</th><th>p95</th><th>p99</th><th>max</th><th>count</th></tr>\n");
        latencyRow(html, "scoring", (Map<String, Object>) s.get("scoring_latency_ms"));
        latencyRow(html, "end to end (event_ts to scored)", (Map<String, Object>) s.get("end_to_end_latency_ms"));
        html.append("</table>\n");

        html.append("<h2>Dead letters by error type</h2>\n<table>\n<tr><th>error type</th><th>count</th></tr>\n");
        ((Map<String, Object>) dead.get("by_type")).forEach((type, count) ->
                html.append("<tr><td>").append(esc(type)).append("</td><td>").append(count).append("</td></tr>\n"));
        html.append("</table>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void latencyRow(StringBuilder html, String name, Map<String, Object> p) {
        html.append("<tr><td>").append(esc(name)).append("</td>");
        for (String key : new String[]{"p50", "p95", "p99", "max", "count"}) {
            html.append("<td>").append(p.get(key)).append("</td>");
        }
        html.append("</tr>\n");
    }

    /** A vertical bar chart; {@code asPercent} labels the bars as percentages of 1. */
    private static String bars(List<String> labels, List<Double> values, String colour, boolean asPercent) {
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        int n = Math.max(1, labels.size());
        double slot = (WIDTH - 2.0 * MARGIN) / n;
        double plot = HEIGHT - 2.0 * MARGIN;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\">\n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n",
                MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN));
        for (int i = 0; i < labels.size(); i++) {
            double v = values.get(i);
            double h = max > 0 ? plot * v / max : 0;
            double x = MARGIN + i * slot + slot * 0.1;
            double y = HEIGHT - MARGIN - h;
            String shown = asPercent ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : String.format(Locale.ROOT, "%.0f", v);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s: %s</title></rect>\n", x, y, slot * 0.8, h, colour, esc(labels.get(i)), shown));
            if (asPercent || labels.size() <= 10 || i % 2 == 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>\n",
                        x + slot * 0.4, HEIGHT - MARGIN + 14, esc(labels.get(i))));
            }
            if (asPercent) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>\n",
                        x + slot * 0.4, y - 4, shown));
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static String percent(Object rate) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * ((Number) rate).doubleValue());
    }

    static String esc(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
