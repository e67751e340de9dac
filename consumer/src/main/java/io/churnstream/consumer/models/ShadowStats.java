package io.churnstream.consumer.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.churnstream.common.report.ConsumerFigures.ShadowAgreement;
import io.churnstream.common.report.RunSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.HdrHistogram.Histogram;

/**
 * How a shadow model agrees with the active one, per pair of versions: labels that agree, the mean and p99 of
 * |Δp| (shadow minus active probability), and the shadow predictions that failed or were dropped. Each pair is
 * exported as {@code churn_shadow_*{model_version, shadow_of}} once there is a registry to export to. Thread-safe.
 */
public final class ShadowStats {

    /** |Δp| is recorded in millionths, to 3 significant digits. */
    private static final long MILLIONTHS = 1_000_000L;

    private final Map<List<String>, Pair> pairs = new LinkedHashMap<>();
    private MeterRegistry registry;

    /** Exports every pair, those seen and those to come, to {@code registry}. */
    public synchronized void exportTo(MeterRegistry target) {
        this.registry = target;
        pairs.values().forEach(this::export);
    }

    /** One pair's figures; read under the lock of its {@link ShadowStats}. */
    private final class Pair {
        final String shadow;
        final String active;
        long compared;
        long agreed;
        double sumAbsDiff;
        long failed;
        long dropped;
        long undelivered;
        final Histogram absDiff = new Histogram(MILLIONTHS, 3);

        Pair(String shadow, String active) {
            this.shadow = shadow;
            this.active = active;
        }

        double agreement() {
            synchronized (ShadowStats.this) {
                return compared == 0 ? Double.NaN : (double) agreed / compared;
            }
        }

        double meanAbsDiff() {
            synchronized (ShadowStats.this) {
                return compared == 0 ? Double.NaN : sumAbsDiff / compared;
            }
        }

        double p99AbsDiff() {
            synchronized (ShadowStats.this) {
                return compared == 0 ? Double.NaN : absDiff.getValueAtPercentile(99) / (double) MILLIONTHS;
            }
        }

        long count(Kind kind) {
            synchronized (ShadowStats.this) {
                return switch (kind) {
                    case COMPARED -> compared;
                    case FAILED -> failed;
                    case DROPPED -> dropped;
                    case UNDELIVERED -> undelivered;
                };
            }
        }
    }

    private enum Kind { COMPARED, FAILED, DROPPED, UNDELIVERED }

    /** A shadow prediction of a record the active model scored {@code activeProbability}. */
    public synchronized void compared(String shadow, String active, double activeProbability, boolean activeChurn,
                                      double shadowProbability, boolean shadowChurn) {
        Pair pair = pair(shadow, active);
        pair.compared++;
        pair.agreed += activeChurn == shadowChurn ? 1 : 0;
        double diff = Math.abs(shadowProbability - activeProbability);
        pair.sumAbsDiff += diff;
        pair.absDiff.recordValue(Math.min(MILLIONTHS, Math.round(diff * MILLIONTHS)));
    }

    /** The shadow model refused a record the active one scored. */
    public synchronized void failed(String shadow, String active) {
        pair(shadow, active).failed++;
    }

    /** Records not shadowed because the shadow scorer was behind. */
    public synchronized void dropped(String shadow, String active, int records) {
        pair(shadow, active).dropped += records;
    }

    /** A shadow prediction the shadow topic did not acknowledge. */
    public synchronized void undelivered(String shadow, String active) {
        pair(shadow, active).undelivered++;
    }

    /** Every pair seen, for the run summary. */
    public synchronized List<ShadowAgreement> figures() {
        List<ShadowAgreement> figures = new ArrayList<>();
        for (Pair p : pairs.values()) {
            figures.add(new ShadowAgreement(p.shadow, p.active, p.compared, p.agreed, round(p.agreement(), 4),
                    round(p.meanAbsDiff(), 6), round(p.p99AbsDiff(), 6), p.failed, p.dropped, p.undelivered));
        }
        return figures;
    }

    private static double round(double value, int digits) {
        return Double.isNaN(value) ? 0.0 : RunSummary.round(value, digits);
    }

    private Pair pair(String shadow, String active) {
        return pairs.computeIfAbsent(List.of(shadow, active), k -> {
            Pair pair = new Pair(shadow, active);
            if (registry != null) {
                export(pair);
            }
            return pair;
        });
    }

    private void export(Pair pair) {
        Tags tags = Tags.of("model_version", pair.shadow, "shadow_of", pair.active);
        Gauge.builder("churn.shadow.label.agreement", pair, Pair::agreement).tags(tags)
                .description("Share of shadow predictions whose label agrees with the active prediction").register(registry);
        Gauge.builder("churn.shadow.abs.diff.mean", pair, Pair::meanAbsDiff).tags(tags)
                .description("Mean |shadow - active| churn probability over the run").register(registry);
        Gauge.builder("churn.shadow.abs.diff.p99", pair, Pair::p99AbsDiff).tags(tags)
                .description("99th percentile of |shadow - active| churn probability over the run").register(registry);
        FunctionCounter.builder("churn.shadow.predictions", pair, p -> p.count(Kind.COMPARED)).tags(tags)
                .description("Shadow predictions made and compared with the active ones").register(registry);
        for (Kind kind : List.of(Kind.FAILED, Kind.DROPPED, Kind.UNDELIVERED)) {
            FunctionCounter.builder("churn.shadow.failures", pair, p -> p.count(kind)).tags(tags.and("stage",
                    kind.name().toLowerCase(java.util.Locale.ROOT))).description("Records without a shadow prediction: "
                    + "the shadow refused them (failed), the shadow scorer was behind (dropped), or the shadow topic did "
                    + "not acknowledge them (undelivered)").register(registry);
        }
    }
}
