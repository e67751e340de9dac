package io.churnstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.churnstream.bench.Context.Measured;
import io.churnstream.bench.ToolOutputs.ConsumerSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * consumer.jar batch scoring against --pass-through (the same loop copying each value), at-least-once and
 * --exactly-once; the at-least-once scoring runs also time the start-up to the first prediction, phase by phase.
 */
final class ConsumerSection {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerSection.class);
    private static final long IDLE_MILLIS = 10_000;

    private ConsumerSection() {
    }

    enum Guarantee { AT_LEAST_ONCE, EXACTLY_ONCE }

    enum Mode { SCORING, PASS_THROUGH }

    /** One consumer.jar batch run (run 0 is the warm-up); {@code startup} is empty unless it was timed. */
    record Run(Guarantee guarantee, Mode mode, int run, long records, Measured measured, ConsumerSummary summary,
               Map<String, Long> startup, double brokerCompilerSeconds) {
    }

    static Map<String, Object> run(Context c) {
        return run(c, EnumSet.allOf(Guarantee.class));
    }

    /** The runs of {@code guarantees} only. */
    static Map<String, Object> run(Context c, Set<Guarantee> guarantees) {
        Settings s = c.settings;
        String input = c.input();
        List<Run> runs = new ArrayList<>();
        for (Guarantee g : guarantees) {
            if (s.warmupRows() > 0) {
                LOG.info("consumer: warm-up, {} ({} records)", key(g), s.warmupRows());
                runs.add(one(c, input, g, Mode.SCORING, s.warmupRows(), 0));
            }
            for (int run = 1; run <= s.runs(); run++) {
                for (Mode mode : Mode.values()) {
                    LOG.info("consumer: {}, {}, run {}/{} ({} records)", key(mode), key(g), run, s.runs(), s.rows());
                    runs.add(one(c, input, g, mode, s.rows(), run));
                }
            }
        }
        return summarize(runs, s);
    }

    private static Run one(Context c, String input, Guarantee g, Mode mode, long records, int run) {
        String name = "consumer_" + key(mode) + "_" + key(g) + "_" + (run == 0 ? "warmup" : run);
        String label = c.label(name);
        String out = c.topic(name + ".out");
        String dlq = c.topic(name + ".dlq");
        String models = mode == Mode.SCORING ? c.topic(name + ".models") : null;
        c.createTopic(out, Context.INPUT_PARTITIONS);
        c.createTopic(dlq, 1);
        Path dir = c.dir(label);
        boolean timeStartup = g == Guarantee.AT_LEAST_ONCE && mode == Mode.SCORING && run > 0;
        Tools.ConsumerSpec spec = new Tools.ConsumerSpec(input, out, dlq, "bench-" + label + "-" + c.stamp, false,
                mode == Mode.PASS_THROUGH, g == Guarantee.EXACTLY_ONCE, records, IDLE_MILLIS, models);
        List<String> jvm = List.of("-Xlog:startuptime:file=" + dir.resolve("startuptime.log") + ":uptime");
        LatencyRecorder arrivals = new LatencyRecorder(0, 0);
        Measured m;
        Long firstPrediction = null;
        double compiledBefore = c.brokerCompilerSeconds();
        try (LatencyReader reader = timeStartup ? LatencyReader.start(c.kafka.settings(), out, false, arrivals) : null) {
            Children.Child consumer = c.start(label, c.tools.consumer(spec, dir, jvm));
            try (ResourceSampler sampler = ResourceSampler.watch(consumer.pid())) {
                Duration timeout = Context.timeout(records, 2_000);
                if (reader != null) {
                    if (reader.awaitSeen(1, timeout)) {
                        firstPrediction = arrivals.firstArrivalMillis();
                    }
                    reader.close();
                }
                consumer.awaitSuccess(timeout);
                m = Measured.since(consumer, sampler.usage());
            }
        }
        double compiledAfter = c.brokerCompilerSeconds();
        double brokerCompiler = compiledBefore < 0 || compiledAfter < 0 ? -1 : compiledAfter - compiledBefore;
        ConsumerSummary summary = ToolOutputs.consumerSummary(ToolOutputs.newestSummary(dir.resolve("reports")));
        Map<String, Long> startup = timeStartup ? StartupLog.phases(m.launchMillis(), lines(dir.resolve("startuptime.log")),
                lines(dir.resolve("logs")), firstPrediction) : Map.of();
        c.kafka.delete(out, dlq);
        if (models != null) {
            c.kafka.delete(models, Tools.shadowTopic(models));
        }
        return new Run(g, mode, run, records, m, summary, startup, brokerCompiler);
    }

    /** The lines of a file, or of every file in a directory; none when missing. */
    static List<String> lines(Path path) {
        try (Stream<Path> files = Files.isDirectory(path) ? Files.list(path).sorted() : Stream.of(path)) {
            List<String> lines = new ArrayList<>();
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
            return lines;
        } catch (IOException e) {
            return List.of();
        }
    }

    static String key(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The figures of the guarantees {@code runs} measured, at-least-once always among them. */
    static Map<String, Object> summarize(List<Run> runs, Settings s) {
        Map<String, Object> out = Figures.obj("status", "ok",
                "how", "consumer.jar batch over a " + Context.INPUT_PARTITIONS + "-partition topic of ROWS records (the "
                        + "producer section's last), a fresh group and fresh output topics per run, JVM options "
                        + String.join(" ", s.consumerJvm()) + "; pass_through copies each value unchanged in the same loop, "
                        + "run right after the scoring run it is paired with. records_per_s is the consumer's own "
                        + "throughput_per_s; wall_records_per_s is consumed / (process start to exit). One warm-up run "
                        + "per guarantee warms the broker (every run is a fresh JVM); broker_compiler_s is the CPU time the "
                        + "broker's JIT compilers used during a run (a broker still compiling slows the runs it serves).");
        Map<Guarantee, Map<Mode, Map<String, Object>>> figures = new LinkedHashMap<>();
        for (Guarantee g : runs.stream().map(Run::guarantee).distinct().sorted().toList()) {
            Map<Mode, Map<String, Object>> byMode = new LinkedHashMap<>();
            Map<String, Object> json = new LinkedHashMap<>();
            for (Mode mode : Mode.values()) {
                Map<String, Object> f = figures(runs.stream().filter(r -> r.guarantee() == g && r.mode() == mode).toList());
                byMode.put(mode, f);
                json.put(key(mode), f);
            }
            figures.put(g, byMode);
            out.put(key(g), json);
        }
        Map<String, Object> alo = figures.get(Guarantee.AT_LEAST_ONCE).get(Mode.SCORING);
        Map<String, Object> aloPass = figures.get(Guarantee.AT_LEAST_ONCE).get(Mode.PASS_THROUGH);
        out.put("ratio_vs_passthrough", Figures.ratio((Number) alo.get("records_per_s"), (Number) aloPass.get("records_per_s")));
        out.put("ratio_vs_passthrough_wall_clock", Figures.ratio((Number) alo.get("wall_records_per_s"), (Number) aloPass.get("wall_records_per_s")));
        if (figures.containsKey(Guarantee.EXACTLY_ONCE)) {
            Map<String, Object> eos = figures.get(Guarantee.EXACTLY_ONCE).get(Mode.SCORING);
            Map<String, Object> eosPass = figures.get(Guarantee.EXACTLY_ONCE).get(Mode.PASS_THROUGH);
            out.put("ratio_vs_passthrough_exactly_once", Figures.ratio((Number) eos.get("records_per_s"), (Number) eosPass.get("records_per_s")));
            out.put("ratio_exactly_once_vs_at_least_once", Figures.ratio((Number) eos.get("records_per_s"), (Number) alo.get("records_per_s")));
        }
        Map<String, Object> perRun = new LinkedHashMap<>();
        figures.keySet().forEach(g -> perRun.put(key(g), perRun(runs, g)));
        out.put("ratio_per_run", perRun);
        List<Run> timed = runs.stream().filter(r -> !r.startup().isEmpty()).toList();
        out.put("memory", Figures.obj("peak_rss_mb", alo.get("peak_rss_mb"), "records", s.rows(),
                "first_and_second_half_max_rss_mb", runs.stream().filter(r -> r.run() > 0 && r.guarantee() == Guarantee.AT_LEAST_ONCE
                        && r.mode() == Mode.SCORING).map(r -> List.of(r.measured().usage().firstHalfMaxMb(),
                        r.measured().usage().secondHalfMaxMb())).toList()));
        out.put("startup", startup(timed));
        return out;
    }

    private static Map<String, Object> figures(List<Run> runs) {
        List<Map<String, Object>> measured = new ArrayList<>();
        List<Map<String, Object>> warmup = new ArrayList<>();
        for (Run r : runs) {
            Map<String, Object> figures = runFigures(r.run(), r.records(), r.summary(), r.measured());
            figures.put("broker_compiler_s", r.brokerCompilerSeconds() < 0 ? null : Figures.round(r.brokerCompilerSeconds(), 2));
            (r.run() == 0 ? warmup : measured).add(figures);
        }
        return medians(measured, warmup);
    }

    /** One consumer.jar run's figures: its counts, its own rate and the wall clock's, its memory and CPU. */
    static Map<String, Object> runFigures(int run, long records, ConsumerSummary s, Measured m) {
        double wall = m.wallSeconds();
        return Figures.obj("run", run, "records", records,
                "consumed", s.consumed(), "predicted", s.predicted(), "dead_lettered", s.deadLettered(),
                "records_per_s", s.recordsPerS(), "duration_s", s.durationSeconds(), "wall_s", wall,
                "wall_records_per_s", s.consumed() == null ? null : Figures.round(s.consumed() / wall, 1),
                "complete", s.consumed() != null && s.consumed() >= records,
                "rss", m.usage().toJson(), "log", m.log().toString());
    }

    /** The medians of measured runs' {@link #runFigures}, with the runs and the warm-up runs. */
    static Map<String, Object> medians(List<Map<String, Object>> measured, List<Map<String, Object>> warmup) {
        return Figures.obj("records_per_s", Figures.round(Figures.median(Figures.values(measured, "records_per_s")), 1),
                "wall_records_per_s", Figures.round(Figures.median(Figures.values(measured, "wall_records_per_s")), 1),
                "wall_s", Figures.round(Figures.median(Figures.values(measured, "wall_s")), 2),
                "peak_rss_mb", Figures.max(measured.stream().map(r -> Figures.usage(r, "peak_mb")).toList()),
                "cpu_s", Figures.round(Figures.median(measured.stream().map(r -> Figures.usage(r, "cpu_s")).toList()), 2),
                "all_complete", measured.stream().allMatch(r -> Boolean.TRUE.equals(r.get("complete"))),
                "runs", measured, "warmup", warmup);
    }

    /** Scoring / pass-through of each measured run with the pass-through run right after it. */
    private static List<Double> perRun(List<Run> runs, Guarantee g) {
        List<Double> ratios = new ArrayList<>();
        for (Run scoring : runs) {
            if (scoring.guarantee() == g && scoring.mode() == Mode.SCORING && scoring.run() > 0) {
                runs.stream().filter(p -> p.guarantee() == g && p.mode() == Mode.PASS_THROUGH && p.run() == scoring.run())
                        .findFirst().ifPresent(p -> ratios.add(Figures.ratio(scoring.summary().recordsPerS(), p.summary().recordsPerS())));
            }
        }
        return ratios;
    }

    private static Map<String, Object> startup(List<Run> timed) {
        Map<String, Object> phases = new LinkedHashMap<>();
        if (!timed.isEmpty()) {
            for (String phase : timed.get(0).startup().keySet()) {
                Double median = Figures.median(timed.stream().map(r -> r.startup().get(phase)).toList());
                phases.put(phase, median == null ? null : Math.round(median));
            }
        }
        return Figures.obj("to_first_prediction_ms", phases.get("total"), "phases_ms", phases,
                "runs", timed.stream().map(Run::startup).toList(),
                "how", "the at-least-once scoring runs: process start to the first prediction readable by a read_committed "
                        + "reader, with the input topic already full. Phases (medians) of the critical path end at: jvm_start, the JVM "
                        + "created (-Xlog:startuptime); main_and_options, the 'Kafka settings' line (command line, logging, "
                        + "options; the model starts loading on a thread of its own); broker_and_topics, the line on where the "
                        + "group resumes (broker check, topics, committed offsets); model_ready, the line naming the model's "
                        + "evaluator (models topic read, model loaded and checked); kafka_client_init, the 'scoring A -> B' "
                        + "line (metrics, consumer and producers created); group_join, the first 'partitions assigned' line; "
                        + "first_prediction, the first prediction readable. warm_up_beside is the JIT warm-up's own time, "
                        + "on a thread beside the critical path.");
    }
}
