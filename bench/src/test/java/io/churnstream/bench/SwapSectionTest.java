package io.churnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.churnstream.bench.ProgressWatch.Sample;
import io.churnstream.bench.SwapSection.Mode;
import io.churnstream.bench.SwapSection.Run;
import io.churnstream.bench.ToolOutputs.ConsumerSummary;
import io.churnstream.common.cli.CliException;
import org.junit.jupiter.api.Test;

class SwapSectionTest {

    private static final String V1 = "churn-gbm-3f2a9c01";
    private static final String V2 = "churn-gbm-challenger-0b1c2d3e";

    /** Predictions per version as the consumer names the versions: "ID (trained on)". */
    private static Map<String, Long> byVersion(Object... versionsAndCounts) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < versionsAndCounts.length; i += 2) {
            m.put(versionsAndCounts[i] + " (2026-11-30)", ((Number) versionsAndCounts[i + 1]).longValue());
        }
        return m;
    }

    /** 1,000 outputs a second from t=1,000 ms to t=11,000 ms, sampled every 100 ms, then flat. */
    private static List<Sample> steady() {
        List<Sample> samples = new ArrayList<>();
        for (long t = 0; t <= 12_000; t += 100) {
            samples.add(new Sample(t, Math.max(0, Math.min(10_000, t - 1_000))));
        }
        return samples;
    }

    private static Run run(Mode mode, int run, double recordsPerS, Map<String, Long> byVersion, Long splitMillis) {
        long predicted = byVersion.values().stream().mapToLong(Long::longValue).sum();
        return new Run(mode, run, 10_000, Fakes.measured(12_000, 200, 10),
                new ConsumerSummary(predicted, predicted, 0L, recordsPerS, 11.0), V1, mode == Mode.SWAP ? V2 : null,
                byVersion, steady(), splitMillis);
    }

    @Test
    void aSteadyRunIsAsFastAfterTheSplitAsBefore() {
        Map<String, Object> split = SwapSection.split(steady(), 6_000L);
        assertThat(split).containsEntry("at_outputs", 5_000L).containsEntry("after_vs_before", 1.0);
        assertThat((Double) split.get("before_records_per_s")).isEqualTo(1_000.0);
        assertThat((Double) split.get("after_records_per_s")).isEqualTo(1_000.0);
    }

    @Test
    void aSlowerSecondHalfShowsInTheSplitBetweenSamples() {
        List<Sample> samples = List.of(new Sample(0, 0), new Sample(1_000, 100), new Sample(2_000, 1_100),
                new Sample(3_000, 2_100), new Sample(4_000, 2_600), new Sample(5_000, 3_100), new Sample(5_100, 3_100));
        Map<String, Object> split = SwapSection.split(samples, 3_000L);
        assertThat(split).containsEntry("at_outputs", 2_100L).containsEntry("before_records_per_s", 1_000.0)
                .containsEntry("after_records_per_s", 500.0).containsEntry("after_vs_before", 0.5);
        assertThat(SwapSection.split(samples, 2_500L)).as("interpolated between the samples at 2,000 and 3,000 ms")
                .containsEntry("at_outputs", 1_600L);
    }

    @Test
    void aSplitOutsideTheOutputsOrMissingGivesNoFigures() {
        assertThat(SwapSection.split(steady(), 500L)).containsEntry("after_vs_before", null);
        assertThat(SwapSection.split(steady(), 11_500L)).containsEntry("after_records_per_s", null);
        assertThat(SwapSection.split(steady(), null)).containsEntry("before_records_per_s", null);
        assertThat(SwapSection.split(List.of(), 1_000L)).containsEntry("at_outputs", null);
    }

    @Test
    void aSwapRunMustHavePredictionsByTheBundledModelThenTheChallenger() {
        SwapSection.verify(run(Mode.SWAP, 1, 1_000, byVersion(V1, 5_000, V2, 5_000), 6_000L));
        assertThatThrownBy(() -> SwapSection.verify(run(Mode.SWAP, 2, 1_000, byVersion(V1, 10_000), 6_000L)))
                .isInstanceOf(CliException.class).hasMessageContaining("swap run 2").hasMessageContaining("did not happen");
        assertThatThrownBy(() -> SwapSection.verify(run(Mode.SWAP, 1, 1_000, byVersion(V2, 10_000), 6_000L)))
                .as("the challenger from the start is no swap mid-run").isInstanceOf(CliException.class);
        assertThatThrownBy(() -> SwapSection.verify(run(Mode.SWAP, 1, 1_000, byVersion(V1, 5_000, V2, 5_000), null)))
                .isInstanceOf(CliException.class).hasMessageContaining("takes over");
    }

    @Test
    void aRunWithoutASwapMustHaveOnlyTheBundledModel() {
        SwapSection.verify(run(Mode.NO_SWAP, 1, 1_000, byVersion(V1, 10_000), 6_000L));
        assertThatThrownBy(() -> SwapSection.verify(run(Mode.NO_SWAP, 3, 1_000, byVersion(V1, 9_000, V2, 1_000), 6_000L)))
                .isInstanceOf(CliException.class).hasMessageContaining("no_swap run 3");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRatioComparesTheMediansAndEachSwapRunWithTheRunWithoutBesideIt() {
        List<Run> runs = List.of(
                run(Mode.SWAP, 0, 500, byVersion(V1, 1_000, V2, 1_000), 6_000L),
                run(Mode.NO_SWAP, 1, 1_000, byVersion(V1, 10_000), 6_000L),
                run(Mode.SWAP, 1, 950, byVersion(V1, 5_000, V2, 5_000), 6_000L),
                run(Mode.NO_SWAP, 2, 1_100, byVersion(V1, 10_000), 6_000L),
                run(Mode.SWAP, 2, 1_100, byVersion(V1, 5_000, V2, 5_000), 6_000L),
                run(Mode.NO_SWAP, 3, 900, byVersion(V1, 10_000), 6_000L),
                run(Mode.SWAP, 3, 1_200, byVersion(V1, 5_100, V2, 4_900), 6_000L));
        Map<String, Object> out = SwapSection.summarize(runs);
        assertThat(out).containsEntry("ratio_swap_vs_no_swap", 1.1).containsEntry("ratio_per_run", List.of(0.95, 1.0, 1.333));
        assertThat((Map<String, Object>) out.get("models")).containsEntry("bundled", V1).containsEntry("challenger", V2);
        Map<String, Object> swap = (Map<String, Object>) out.get("swap");
        assertThat(swap).containsEntry("records_per_s", 1_100.0).containsEntry("after_vs_before", 1.0);
        assertThat((List<Map<String, Object>>) swap.get("warmup")).hasSize(1);
        List<Map<String, Object>> measured = (List<Map<String, Object>>) swap.get("runs");
        assertThat(measured).hasSize(3);
        assertThat(measured.get(2)).containsEntry("predicted_by_model_version", byVersion(V1, 5_100, V2, 4_900));
        assertThat((Map<String, Object>) out.get("no_swap")).containsEntry("records_per_s", 1_000.0);
    }

    @Test
    void theTableHasTheSwapRowsOnlyWhenTheSwapSectionRan() {
        List<Run> runs = List.of(run(Mode.NO_SWAP, 1, 1_000, byVersion(V1, 10_000), 6_000L),
                run(Mode.SWAP, 1, 980, byVersion(V1, 5_000, V2, 5_000), 6_000L));
        Settings settings = Fakes.settings(10_000, 1, EnumSet.of(Section.SWAP));
        Map<Section, Map<String, Object>> sections = new EnumMap<>(Section.class);
        sections.put(Section.SWAP, SwapSection.summarize(runs));
        String table = Table.render(Report.tree(Report.assemble(settings, Report.machine("0.1 0.1 0.1"), sections)));
        assertThat(table).containsPattern("\\| consumer batch at-least-once, a model swap mid-run +\\| 980 rec/s +\\| "
                + "no swap 1,000 rec/s +\\| \\*\\*0.98\\*\\* \\(runs 0.98\\) +\\| >= 0.95: met +\\|");
        sections.remove(Section.SWAP);
        assertThat(Table.render(Report.tree(Report.assemble(settings, Report.machine("0.1 0.1 0.1"), sections))))
                .doesNotContain("swap");
    }
}
