package io.churnstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.bench.Context.Measured;
import io.churnstream.bench.ProgressWatch.Sample;
import io.churnstream.bench.ToolOutputs.ConsumerSummary;
import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.model.ModelRole;
import io.churnstream.model.RoleChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * consumer.jar batch, at-least-once, following a models topic of its own that holds the bundled model, active: once as
 * it is, once with the challenger published beside it before the start and made active as soon as half the
 * predictions are written, so that the consumer swaps models mid-run. The two alternate, run by run.
 */
final class SwapSection {

    static final Path BUNDLED = Path.of("model/src/main/resources/io/churnstream/model/churn-gbm.pmml");
    static final Path CHALLENGER = Path.of("model/challenger/churn-gbm-challenger.pmml");

    private static final Logger LOG = LoggerFactory.getLogger(SwapSection.class);
    private static final long IDLE_MILLIS = 10_000;
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(120);

    private SwapSection() {
    }

    enum Mode { NO_SWAP, SWAP }

    /**
     * One run (run 0 is the warm-up): the versions published, the predictions per version, the outputs' count over
     * time, and the moment its throughput is split at: the swap's, or half the predictions' when there is none.
     */
    record Run(Mode mode, int run, long records, Measured measured, ConsumerSummary summary, String bundled,
               String challenger, Map<String, Long> byVersion, List<Sample> progress, Long splitMillis) {
    }

    static Map<String, Object> run(Context c) {
        Settings s = c.settings;
        String input = c.input();
        List<Run> runs = new ArrayList<>();
        if (s.warmupRows() > 0) {
            LOG.info("swap: warm-up with a swap ({} records)", s.warmupRows());
            runs.add(one(c, input, Mode.SWAP, s.warmupRows(), 0));
        }
        for (int run = 1; run <= s.runs(); run++) {
            for (Mode mode : Mode.values()) {
                LOG.info("swap: {}, run {}/{} ({} records)", ConsumerSection.key(mode), run, s.runs(), s.rows());
                runs.add(one(c, input, mode, s.rows(), run));
            }
        }
        return summarize(runs);
    }

    private static Run one(Context c, String input, Mode mode, long records, int run) {
        String name = "swap_" + ConsumerSection.key(mode) + "_" + (run == 0 ? "warmup" : run);
        String label = c.label(name);
        String out = c.topic(name + ".out");
        String dlq = c.topic(name + ".dlq");
        String models = c.topic(name + ".models");
        c.createTopic(out, Context.INPUT_PARTITIONS);
        c.createTopic(dlq, 1);
        Path dir = c.dir(label);
        String bundled = publish(c, label + "_publish_bundled", BUNDLED, true, models, dir);
        String challenger = mode == Mode.SWAP ? publish(c, label + "_publish_challenger", CHALLENGER, false, models, dir) : null;
        Runnable atHalf = challenger == null ? () -> { } : () -> c.kafka.write(models, RoleChange.key(ModelRole.ACTIVE),
                RoleChange.of(ModelRole.ACTIVE, challenger, Instant.now()).encode());
        Tools.ConsumerSpec spec = new Tools.ConsumerSpec(input, out, dlq, "bench-" + label + "-" + c.stamp, false, false,
                false, records, IDLE_MILLIS, models);
        Measured m;
        List<Sample> progress;
        Long halfway;
        try (ProgressWatch watch = ProgressWatch.start(() -> c.kafka.endOffsets(out, Context.INPUT_PARTITIONS),
                (records + 1) / 2, atHalf)) {
            Children.Child consumer = c.start(label, c.tools.consumer(spec, dir, List.of()));
            try (ResourceSampler sampler = ResourceSampler.watch(consumer.pid())) {
                consumer.awaitSuccess(Context.timeout(records, 2_000));
                m = Measured.since(consumer, sampler.usage());
            }
            pause(3 * ProgressWatch.PERIOD_MILLIS);
            progress = watch.samples();
            halfway = watch.actedMillis();
        }
        JsonNode json = ToolOutputs.newestSummary(dir.resolve("reports"));
        Long split = challenger == null ? halfway : StartupLog.timeOf(ConsumerSection.lines(dir.resolve("logs")),
                message -> message.startsWith("model " + challenger + " ") && message.contains(" takes over from "));
        c.kafka.delete(out, dlq, models, Tools.shadowTopic(models));
        Run r = new Run(mode, run, records, m, ToolOutputs.consumerSummary(json), bundled, challenger,
                ToolOutputs.predictedByModelVersion(json), progress, split);
        if (run > 0) {
            verify(r);
        }
        return r;
    }

    /** Publishes {@code pmml} (relative to the checkout) on {@code models} with consumer.jar model publish; its version. */
    private static String publish(Context c, String label, Path pmml, boolean activate, String models, Path dir) {
        Measured m = c.run(label, c.tools.modelPublish(c.settings.root().resolve(pmml), activate, models,
                dir.resolve(label + ".logs")), PUBLISH_TIMEOUT);
        try {
            return ToolOutputs.publishedVersion(Files.readAllLines(m.log(), StandardCharsets.UTF_8), m.log());
        } catch (IOException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot read " + m.log() + ": " + e.getMessage());
        }
    }

    /**
     * Fails a measured run whose predictions do not show what it was for: only the bundled version without a swap; the
     * bundled version, then the challenger, each with predictions, with one. (A warm-up of few records may end before
     * its swap.)
     */
    static void verify(Run r) {
        List<String> expected = r.mode() == Mode.SWAP ? List.of(r.bundled(), r.challenger()) : List.of(r.bundled());
        boolean each = r.byVersion().values().stream().allMatch(n -> n > 0);
        if (!r.byVersion().keySet().stream().map(SwapSection::versionId).toList().equals(expected) || !each) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "swap section, " + ConsumerSection.key(r.mode()) + " run "
                    + r.run() + ": predictions by model version " + r.byVersion() + ", expected predictions by "
                    + String.join(" then ", expected) + (r.mode() == Mode.SWAP ? ": the swap did not happen mid-run" : ""));
        }
        if (r.mode() == Mode.SWAP && r.splitMillis() == null) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "swap section, swap run " + r.run() + ": the consumer's log "
                    + "has no line saying that " + r.challenger() + " takes over");
        }
    }

    /** The version id in a consumer's name of a model version, "ID (trained on)". */
    static String versionId(String modelVersion) {
        int paren = modelVersion.indexOf(" (");
        return paren < 0 ? modelVersion : modelVersion.substring(0, paren);
    }

    /**
     * The throughput before and after {@code splitMillis}, from the count of outputs over time: before, from the first
     * sample with an output to the split; after, from the split to the first sample with every output. Nulls when the
     * split is not between them.
     */
    static Map<String, Object> split(List<Sample> progress, Long splitMillis) {
        Sample first = progress.stream().filter(p -> p.count() > 0).findFirst().orElse(null);
        long total = progress.isEmpty() ? 0 : progress.get(progress.size() - 1).count();
        Sample last = progress.stream().filter(p -> p.count() == total).findFirst().orElse(null);
        if (splitMillis == null || first == null || last == null || splitMillis <= first.millis() || splitMillis >= last.millis()) {
            return Figures.obj("at_outputs", null, "before_records_per_s", null, "after_records_per_s", null, "after_vs_before", null);
        }
        double atSplit = countAt(progress, splitMillis);
        double before = (atSplit - first.count()) * 1000.0 / (splitMillis - first.millis());
        double after = (total - atSplit) * 1000.0 / (last.millis() - splitMillis);
        return Figures.obj("at_outputs", Math.round(atSplit), "before_records_per_s", Figures.round(before, 1),
                "after_records_per_s", Figures.round(after, 1), "after_vs_before", Figures.ratio(after, before));
    }

    /** The count at {@code millis}, linear between the samples either side; within the samples' span. */
    private static double countAt(List<Sample> progress, long millis) {
        for (int i = 1; i < progress.size(); i++) {
            Sample a = progress.get(i - 1);
            Sample b = progress.get(i);
            if (millis <= b.millis()) {
                return b.millis() == a.millis() ? b.count()
                        : a.count() + (b.count() - a.count()) * (double) (millis - a.millis()) / (b.millis() - a.millis());
            }
        }
        return progress.get(progress.size() - 1).count();
    }

    static Map<String, Object> summarize(List<Run> runs) {
        Map<String, Object> out = Figures.obj("status", "ok",
                "how", "consumer.jar batch, at-least-once, over the " + Context.INPUT_PARTITIONS + "-partition topic of ROWS "
                        + "records, each run with fresh output topics and a models topic of its own on which consumer.jar "
                        + "model publish put the bundled model, active, before the start. swap: the challenger was published "
                        + "beside it (inactive) before the start too, and made active (one role-change record) once the "
                        + "output topic's end offsets reached half the records; the consumer loads it in the background and "
                        + "swaps between polls. no_swap and swap alternate, run by run. records_per_s is the consumer's own "
                        + "throughput_per_s; predicted_by_model_version, from its run summary, proves the swap in every "
                        + "swap run. split: throughput before and after the moment the consumer logged the swap (no_swap: "
                        + "the moment half the records were written), from the output's end offsets sampled every "
                        + ProgressWatch.PERIOD_MILLIS + " ms; start-up and the last poll make both halves differ even "
                        + "without a swap, so compare swap's after_vs_before with no_swap's.");
        Run swap = runs.stream().filter(r -> r.challenger() != null).findFirst().orElse(null);
        out.put("models", Figures.obj("bundled", runs.isEmpty() ? null : runs.get(0).bundled(),
                "challenger", swap == null ? null : swap.challenger()));
        Map<Mode, Map<String, Object>> byMode = new LinkedHashMap<>();
        for (Mode mode : Mode.values()) {
            Map<String, Object> f = figures(runs.stream().filter(r -> r.mode() == mode).toList());
            byMode.put(mode, f);
            out.put(ConsumerSection.key(mode), f);
        }
        Map<String, Object> none = byMode.get(Mode.NO_SWAP);
        Map<String, Object> with = byMode.get(Mode.SWAP);
        out.put("ratio_swap_vs_no_swap", Figures.ratio((Number) with.get("records_per_s"), (Number) none.get("records_per_s")));
        out.put("ratio_swap_vs_no_swap_wall_clock", Figures.ratio((Number) with.get("wall_records_per_s"),
                (Number) none.get("wall_records_per_s")));
        List<Double> perRun = new ArrayList<>();
        for (Run r : runs) {
            if (r.mode() == Mode.SWAP && r.run() > 0) {
                runs.stream().filter(n -> n.mode() == Mode.NO_SWAP && n.run() == r.run()).findFirst()
                        .ifPresent(n -> perRun.add(Figures.ratio(r.summary().recordsPerS(), n.summary().recordsPerS())));
            }
        }
        out.put("ratio_per_run", perRun);
        return out;
    }

    private static Map<String, Object> figures(List<Run> runs) {
        List<Map<String, Object>> measured = new ArrayList<>();
        List<Map<String, Object>> warmup = new ArrayList<>();
        for (Run r : runs) {
            Map<String, Object> f = ConsumerSection.runFigures(r.run(), r.records(), r.summary(), r.measured());
            f.put("predicted_by_model_version", r.byVersion());
            f.put("split", split(r.progress(), r.splitMillis()));
            (r.run() == 0 ? warmup : measured).add(f);
        }
        Map<String, Object> f = ConsumerSection.medians(measured, warmup);
        f.put("after_vs_before", Figures.median(measured.stream().map(r -> (Number) split(r).get("after_vs_before")).toList()));
        return f;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> split(Map<String, Object> run) {
        return (Map<String, Object>) run.get("split");
    }

    /** Lets the watch count once more after the consumer ended, so its last sample holds every output. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while following a swap run");
        }
    }
}
