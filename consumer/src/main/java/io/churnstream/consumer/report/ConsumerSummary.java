package io.churnstream.consumer.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.churnstream.common.record.ErrorType;
import io.churnstream.common.report.ConsumerFigures;
import io.churnstream.common.report.ConsumerFigures.ContractRate;
import io.churnstream.common.report.ConsumerFigures.DeadLetters;
import io.churnstream.common.report.ConsumerFigures.Drift;
import io.churnstream.common.report.ConsumerFigures.Latency;
import io.churnstream.common.report.ConsumerFigures.ModelRefusal;
import io.churnstream.common.report.ConsumerFigures.PartitionRange;
import io.churnstream.common.report.ConsumerFigures.ProbabilityBin;
import io.churnstream.common.report.ConsumerFigures.ShadowAgreement;
import io.churnstream.common.report.RunSummary;
import io.churnstream.model.DriftWindow;
import org.HdrHistogram.Histogram;

/** The consumer's end-of-run report: the summary JSON, an HTML view beside it, and a few lines for people. */
public final class ConsumerSummary {

    private ConsumerSummary() {
    }

    /** The run as data, ending now, without drift figures. */
    public static RunSummary<ConsumerFigures> of(RunStats stats, String mode, String outcome, ConsumerFigures.Settings settings) {
        return of(stats, mode, outcome, settings, List.of(), List.of(), Optional.empty());
    }

    /**
     * The run as data, ending now, with the models refused, the shadow's agreement, and the drift of the window's
     * records when there is a window.
     */
    public static RunSummary<ConsumerFigures> of(RunStats stats, String mode, String outcome, ConsumerFigures.Settings settings,
                                                 List<ModelRefusal> refused, List<ShadowAgreement> shadow,
                                                 Optional<DriftWindow> drift) {
        Map<String, Long> byType = new LinkedHashMap<>();
        for (ErrorType type : ErrorType.values()) {
            byType.put(type.wireName(), stats.deadLettered().getOrDefault(type, 0L));
        }
        Map<String, ContractRate> byContract = new LinkedHashMap<>();
        stats.byContract().forEach((contract, counts) -> byContract.put(contract, new ContractRate(counts[0], rate(counts[1], counts[0]))));
        List<PartitionRange> partitions = new ArrayList<>();
        stats.partitions().forEach((tp, range) ->
                partitions.add(new PartitionRange(tp.topic(), tp.partition(), range.first(), range.last(), range.records())));
        ConsumerFigures figures = new ConsumerFigures(settings, stats.consumed(), stats.predicted(),
                new LinkedHashMap<>(stats.predictedByModelVersion()), stats.copied(),
                new DeadLetters(stats.deadLetteredTotal(), byType), rate(stats.churned(), stats.predicted()), byContract,
                probabilityHistogram(stats.probabilityBins()), percentiles(stats.scoringMicros(), 1e-3),
                percentiles(stats.endToEndMillis(), 1.0), partitions, List.copyOf(refused), List.copyOf(shadow),
                drift.map(ConsumerSummary::drift).orElse(null));
        return stats.clock().summary("consumer", mode, outcome, figures);
    }

    /** Writes the JSON and the HTML view into {@code dir}; returns the JSON's path. */
    public static Path write(RunSummary<ConsumerFigures> summary, Path dir) throws IOException {
        Path json = summary.write(dir);
        Files.writeString(dir.resolve(summary.baseName() + ".html"), HtmlReport.render(summary), StandardCharsets.UTF_8);
        return json;
    }

    /** A few lines for people: counts, rates and latencies. */
    public static void print(RunSummary<ConsumerFigures> s, PrintWriter out) {
        ConsumerFigures f = s.figures();
        out.printf(Locale.ROOT, "%s summary (%s): consumed %d, predicted %d, dead-lettered %d %s in %.3f s (%.1f records/s)%n",
                s.mode(), s.outcome(), f.consumed(), f.predicted(), f.deadLettered().total(), f.deadLettered().byType(),
                s.durationS(), s.throughputPerS());
        if (f.predicted() == 0) {
            out.println("  no prediction: no churn rate or latency to report");
        } else {
            List<String> contracts = new ArrayList<>();
            f.churnRateByContract().forEach((k, v) -> contracts.add(String.format(Locale.ROOT, "%s %.1f%%", k, 100 * v.churnRate())));
            out.printf(Locale.ROOT, "  churn rate %.1f%% overall, by contract %s%n", 100 * f.churnRate(), String.join(", ", contracts));
            out.printf(Locale.ROOT, "  scoring latency ms %s, end-to-end latency ms %s%n", f.scoringLatencyMs(), f.endToEndLatencyMs());
        }
        out.printf(Locale.ROOT, "  model %s, from %s%n", f.settings().modelVersion(), f.settings().modelSource());
        if (f.predictedByModelVersion().size() > 1) {
            List<String> versions = new ArrayList<>();
            f.predictedByModelVersion().forEach((version, n) -> versions.add(version + " " + n));
            out.printf(Locale.ROOT, "  predictions by model version: %s%n", String.join(", ", versions));
        }
        for (ModelRefusal r : f.modelsRefused()) {
            out.printf(Locale.ROOT, "  refused model %s (%s): %s%n", r.version(), r.reason(), r.message());
        }
        for (ShadowAgreement a : f.shadow()) {
            out.printf(Locale.ROOT, "  shadow %s of %s: labels agree on %.2f%% of %d, mean |dp| %.4f, p99 |dp| %.4f"
                    + " (no shadow prediction: %d refused, %d dropped, %d undelivered)%n", a.modelVersion(), a.shadowOf(),
                    100 * a.labelAgreement(), a.compared(), a.meanAbsDiff(), a.p99AbsDiff(), a.failed(), a.dropped(),
                    a.undelivered());
        }
        if (f.drift() != null && f.drift().scorePsi() != null) {
            Drift d = f.drift();
            List<String> drifted = new ArrayList<>();
            d.driftedFeatures().forEach(name -> drifted.add(String.format(Locale.ROOT, "%s %.2f", name, d.featurePsi().get(name))));
            out.printf(Locale.ROOT, "  drift over the last %d scored records: score PSI %.2f, inputs above %.1f: %s%s%n",
                    d.windowRecords(), d.scorePsi(), d.significantPsi(), drifted.isEmpty() ? "none" : String.join(", ", drifted),
                    d.windowRecords() < DriftWindow.MIN_RECORDS ? String.format(Locale.ROOT,
                            " (fewer than %d records: too few to tell drift from noise)", DriftWindow.MIN_RECORDS) : "");
        }
        out.flush();
    }

    /** The window's PSI figures now, rounded to four decimals. */
    private static Drift drift(DriftWindow window) {
        Map<String, Double> features = new LinkedHashMap<>();
        window.featurePsi().forEach((feature, psi) -> features.put(feature, rounded(psi)));
        List<String> drifted = features.entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue() > DriftWindow.SIGNIFICANT_PSI)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
        return new Drift(window.capacity(), window.size(), DriftWindow.SIGNIFICANT_PSI, features, rounded(window.scorePsi()), drifted);
    }

    /** Null for NaN, the PSI of an empty window. */
    private static Double rounded(double value) {
        return Double.isNaN(value) ? null : RunSummary.round(value, 4);
    }

    private static List<ProbabilityBin> probabilityHistogram(long[] bins) {
        List<ProbabilityBin> out = new ArrayList<>();
        for (int i = 0; i < bins.length; i++) {
            out.add(new ProbabilityBin(RunSummary.round((double) i / bins.length, 2),
                    RunSummary.round((double) (i + 1) / bins.length, 2), bins[i]));
        }
        return out;
    }

    private static Latency percentiles(Histogram h, double toMillis) {
        if (h.getTotalCount() == 0) {
            return new Latency(0, 0, 0, 0, 0);
        }
        return new Latency(h.getTotalCount(), millis(h.getValueAtPercentile(50), toMillis),
                millis(h.getValueAtPercentile(95), toMillis), millis(h.getValueAtPercentile(99), toMillis),
                millis(h.getMaxValue(), toMillis));
    }

    private static double millis(long value, double toMillis) {
        return RunSummary.round(value * toMillis, 3);
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0.0 : RunSummary.round((double) part / whole, 4);
    }
}
