package io.churnstream.consumer.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

import io.churnstream.common.report.ConsumerFigures;
import io.churnstream.common.report.ConsumerFigures.Drift;
import io.churnstream.common.report.ConsumerFigures.Latency;
import io.churnstream.common.report.RunSummary;
import io.churnstream.model.DriftWindow;

/**
 * A self-contained HTML view of a consumer run summary: inline SVG charts with labelled axes, no scripts, no
 * external resources. The markup is well-formed XML (XHTML) so it can be checked by any XML parser.
 */
final class HtmlReport {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 240;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 48;
    private static final int DRIFT_LEFT = 136;
    private static final int DRIFT_RIGHT = 48;
    private static final int DRIFT_TOP = 24;
    private static final int DRIFT_ROW = 18;
    private static final String STABLE = "#4a78b5";
    private static final String MODERATE = "#e3a33b";
    private static final String SIGNIFICANT = "#c0504d";

    /** Titles of a chart's axes, how its values read, and the finest step of its value axis. */
    private record Axes(String x, String y, DoubleFunction<String> format, double minStep) {
    }

    private HtmlReport() {
    }

    static String render(RunSummary<ConsumerFigures> s) {
        ConsumerFigures f = s.figures();
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>churnstream ").append(esc(s.mode())).append(" run summary</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f3f3f3}")
                .append("td:first-child,th:first-child{text-align:left}svg{display:block;margin:1em 0}</style>\n")
                .append("</head>\n<body>\n<h1>churnstream ").append(esc(s.mode())).append(" run summary</h1>\n")
                .append("<p>").append(esc(s.startedTs())).append(" to ").append(esc(s.finishedTs()))
                .append(" (").append(esc(s.outcome())).append("), model ").append(esc(f.settings().modelVersion()))
                .append(", group ").append(esc(f.settings().consumerGroup())).append("</p>\n");

        html.append("<table>\n<tr><th>consumed</th><th>predicted</th><th>dead-lettered</th><th>churn rate</th>")
                .append("<th>records/s</th><th>duration s</th><th>records flowing s</th></tr>\n<tr><td>")
                .append(f.consumed()).append("</td><td>").append(f.predicted()).append("</td><td>")
                .append(f.deadLettered().total()).append("</td><td>").append(percent(f.churnRate())).append("</td><td>")
                .append(s.throughputPerS()).append("</td><td>").append(s.durationS()).append("</td><td>")
                .append(s.activeS()).append("</td></tr>\n</table>\n");

        html.append("<h2>Churn probability</h2>\n");
        html.append(bars(f.probabilityHistogram().stream().map(b -> String.format(Locale.ROOT, "%.2f", b.from())).toList(),
                f.probabilityHistogram().stream().map(b -> (double) b.count()).toList(), "#4a78b5",
                new Axes("churn probability (bin start)", "predictions", v -> String.format(Locale.ROOT, "%,.0f", v), 1)));

        html.append("<h2>Predicted churn rate by contract</h2>\n");
        html.append(bars(List.copyOf(f.churnRateByContract().keySet()),
                f.churnRateByContract().values().stream().map(ConsumerFigures.ContractRate::churnRate).toList(), "#c0504d",
                new Axes("contract", "predicted churn rate", HtmlReport::percent, 0.01)));

        html.append(models(f));

        if (f.drift() != null) {
            html.append("<h2>Drift against the training data</h2>\n").append(drift(f.drift(), f.settings().modelVersion()));
        }

        html.append("<h2>Latency (ms)</h2>\n<table>\n<tr><th></th><th>p50</th><th>p95</th><th>p99</th><th>max</th><th>count</th></tr>\n");
        latencyRow(html, "scoring", f.scoringLatencyMs());
        latencyRow(html, "end to end (event_ts to scored)", f.endToEndLatencyMs());
        html.append("</table>\n");

        html.append("<h2>Dead letters by error type</h2>\n<table>\n<tr><th>error type</th><th>count</th></tr>\n");
        f.deadLettered().byType().forEach((type, count) ->
                html.append("<tr><td>").append(esc(type)).append("</td><td>").append(count).append("</td></tr>\n"));
        html.append("</table>\n</body>\n</html>\n");
        return html.toString();
    }

    /** Predictions per model version, the versions refused and the shadow's agreement, where the run had any. */
    private static String models(ConsumerFigures f) {
        StringBuilder html = new StringBuilder();
        html.append("<h2>Models</h2>\n<p>In use at the end: ").append(esc(f.settings().modelVersion())).append(", from ")
                .append(esc(f.settings().modelSource())).append(".</p>\n");
        html.append("<table>\n<tr><th>model version</th><th>predictions</th></tr>\n");
        f.predictedByModelVersion().forEach((version, n) ->
                html.append("<tr><td>").append(esc(version)).append("</td><td>").append(n).append("</td></tr>\n"));
        html.append("</table>\n");
        if (!f.modelsRefused().isEmpty()) {
            html.append("<table>\n<tr><th>refused version</th><th>reason</th><th>why</th><th>at</th></tr>\n");
            for (ConsumerFigures.ModelRefusal r : f.modelsRefused()) {
                html.append("<tr><td>").append(esc(r.version())).append("</td><td>").append(esc(r.reason()))
                        .append("</td><td>").append(esc(r.message())).append("</td><td>").append(esc(r.at()))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        if (!f.shadow().isEmpty()) {
            html.append("<table>\n<tr><th>shadow version</th><th>shadow of</th><th>compared</th><th>labels agree</th>")
                    .append("<th>mean |&#916;p|</th><th>p99 |&#916;p|</th></tr>\n");
            for (ConsumerFigures.ShadowAgreement a : f.shadow()) {
                html.append("<tr><td>").append(esc(a.modelVersion())).append("</td><td>").append(esc(a.shadowOf()))
                        .append("</td><td>").append(a.compared()).append("</td><td>").append(percent(a.labelAgreement()))
                        .append("</td><td>").append(String.format(Locale.ROOT, "%.4f", a.meanAbsDiff()))
                        .append("</td><td>").append(String.format(Locale.ROOT, "%.4f", a.p99AbsDiff()))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        return html.toString();
    }

    private static void latencyRow(StringBuilder html, String name, Latency p) {
        html.append("<tr><td>").append(esc(name)).append("</td>");
        for (Object value : new Object[]{p.p50(), p.p95(), p.p99(), p.max(), p.count()}) {
            html.append("<td>").append(value).append("</td>");
        }
        html.append("</tr>\n");
    }

    /** A vertical bar chart over a value axis from 0 in round steps, each bar titled with its value. */
    private static String bars(List<String> labels, List<Double> values, String colour, Axes axes) {
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double step = Math.max(axes.minStep(), step(max / 4));
        long ticks = Math.max(1, (long) Math.ceil(max / step - 1e-9));
        double top = step * ticks;
        int n = Math.max(1, labels.size());
        double slot = (WIDTH - LEFT - RIGHT) / (double) n;
        double plot = HEIGHT - TOP - BOTTOM;
        int baseline = HEIGHT - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\">\n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        for (long k = 0; k <= ticks; k++) {
            double tick = k * step;
            double y = baseline - plot * tick / top;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>\n",
                    LEFT, y, WIDTH - RIGHT, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>\n",
                    LEFT - 6, y + 3, esc(axes.format().apply(tick))));
        }
        for (int i = 0; i < labels.size(); i++) {
            double v = values.get(i);
            double h = plot * v / top;
            double x = LEFT + i * slot + slot * 0.1;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s: %s</title></rect>\n", x, baseline - h, slot * 0.8, h, colour, esc(labels.get(i)),
                    esc(axes.format().apply(v))));
            if (labels.size() <= 10 || i % 2 == 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>\n",
                        x + slot * 0.4, baseline + 14, esc(labels.get(i))));
            }
            if (labels.size() <= 10) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>\n",
                        x + slot * 0.4, baseline - h - 4, esc(axes.format().apply(v))));
            }
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n",
                LEFT, TOP, LEFT, baseline));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n",
                LEFT, baseline, WIDTH - RIGHT, baseline));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>\n",
                LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 8, esc(axes.x())));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 %.1f)\">%s</text>\n", TOP + plot / 2, TOP + plot / 2, esc(axes.y())));
        return svg.append("</svg>\n").toString();
    }

    /** What the drift window held, its chart, and the inputs above the significant level. */
    private static String drift(Drift d, String modelVersion) {
        StringBuilder html = new StringBuilder();
        html.append(String.format(Locale.ROOT, "<p>Population stability index (PSI) of each model input and of the churn "
                + "score over the last %,d scored records (window of %,d) against the training profile of model %s. "
                + "Below %.1f the population is stable, %.1f to %.1f it has shifted moderately, above %.1f significantly "
                + "(dashed lines).", d.windowRecords(), d.windowSize(), esc(modelVersion), DriftWindow.MODERATE_PSI,
                DriftWindow.MODERATE_PSI, DriftWindow.SIGNIFICANT_PSI, DriftWindow.SIGNIFICANT_PSI));
        if (d.windowRecords() > 0 && d.windowRecords() < DriftWindow.MIN_RECORDS) {
            html.append(String.format(Locale.ROOT, " Fewer than %,d records: too few to tell drift from noise.",
                    DriftWindow.MIN_RECORDS));
        }
        html.append("</p>\n");
        if (d.scorePsi() == null) {
            return html.append("<p>No record was scored: nothing to compare.</p>\n").toString();
        }
        html.append(driftChart(d));
        html.append("<p>Inputs above ").append(d.significantPsi()).append(": ")
                .append(d.driftedFeatures().isEmpty() ? "none" : esc(String.join(", ", d.driftedFeatures()))).append("</p>\n");
        return html.toString();
    }

    /**
     * Horizontal bars of each input's PSI, highest first, then the score's, coloured by level, on a value axis that
     * always reaches past the significant level, with dashed lines at the moderate and significant levels. The values
     * stand in a column at the right, where the lines cannot cross them.
     */
    private static String driftChart(Drift d) {
        List<Map.Entry<String, Double>> rows = new ArrayList<>(d.featurePsi().entrySet());
        rows.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        rows.add(Map.entry("churn score", d.scorePsi()));
        double max = Math.max(DriftWindow.SIGNIFICANT_PSI * 1.25,
                rows.stream().mapToDouble(Map.Entry::getValue).max().orElse(0));
        double step = step(max / 4);
        long ticks = (long) Math.ceil(max / step - 1e-9);
        double top = step * ticks;
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
        double plot = WIDTH - DRIFT_LEFT - DRIFT_RIGHT;
        int gap = DRIFT_ROW / 2;
        int baseline = DRIFT_TOP + rows.size() * DRIFT_ROW + gap;
        int height = baseline + BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"drift\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n", WIDTH, height, WIDTH, height));
        for (long k = 0; k <= ticks; k++) {
            double x = DRIFT_LEFT + plot * k * step / top;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e4e4e4\"/>\n",
                    x, DRIFT_TOP, x, baseline));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%."
                    + decimals + "f</text>\n", x, baseline + 14, k * step));
        }
        for (int i = 0; i < rows.size(); i++) {
            String name = rows.get(i).getKey();
            double psi = rows.get(i).getValue();
            boolean score = i == rows.size() - 1;
            double y = DRIFT_TOP + i * DRIFT_ROW + (score ? gap : 0);
            double w = plot * psi / top;
            String colour = psi > DriftWindow.SIGNIFICANT_PSI ? SIGNIFICANT : psi > DriftWindow.MODERATE_PSI ? MODERATE : STABLE;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s: %.4f</title></rect>\n", DRIFT_LEFT, y + 3, w, DRIFT_ROW - 6.0, colour, esc(name), psi));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\"%s>%s</text>\n",
                    DRIFT_LEFT - 6, y + DRIFT_ROW / 2.0 + 3, score ? " font-weight=\"bold\"" : "", esc(name)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.2f</text>\n",
                    WIDTH - 6, y + DRIFT_ROW / 2.0 + 3, psi));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\" "
                + "font-weight=\"bold\">PSI</text>\n", WIDTH - 6, DRIFT_TOP - 8));
        referenceLine(svg, DriftWindow.MODERATE_PSI, DRIFT_LEFT + plot * DriftWindow.MODERATE_PSI / top, baseline, MODERATE, "end");
        referenceLine(svg, DriftWindow.SIGNIFICANT_PSI, DRIFT_LEFT + plot * DriftWindow.SIGNIFICANT_PSI / top, baseline,
                SIGNIFICANT, "start");
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n",
                DRIFT_LEFT, DRIFT_TOP, DRIFT_LEFT, baseline));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n",
                DRIFT_LEFT, baseline, WIDTH - DRIFT_RIGHT, baseline));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>\n",
                DRIFT_LEFT + plot / 2, height - 8, "population stability index (PSI)"));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 %.1f)\">%s</text>\n", (DRIFT_TOP + baseline) / 2.0, (DRIFT_TOP + baseline) / 2.0,
                "model input"));
        return svg.append("</svg>\n").toString();
    }

    /** A dashed vertical line at {@code level}, labelled above the plot on the side {@code anchor} names. */
    private static void referenceLine(StringBuilder svg, double level, double x, int baseline, String colour, String anchor) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                + "stroke-width=\"1.5\" stroke-dasharray=\"5 3\"><title>PSI %.1f</title></line>\n", x, DRIFT_TOP - 4, x,
                baseline, colour, level));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"%s\" text-anchor=\"%s\">"
                + "%.1f</text>\n", x + ("end".equals(anchor) ? -3 : 3), DRIFT_TOP - 8, colour, anchor, level));
    }

    /** The round step (1, 2 or 5 times a power of ten) at or above {@code raw}; 1 when there is nothing to scale. */
    static double step(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 5}) {
            if (m * magnitude >= raw * (1 - 1e-9)) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * rate);
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
