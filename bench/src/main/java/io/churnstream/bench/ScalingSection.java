package io.churnstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 1 and 2 consumer.jar batch instances in one group on a 6-partition topic, timed by a counting reader. */
final class ScalingSection {

    private static final Logger LOG = LoggerFactory.getLogger(ScalingSection.class);
    private static final String INPUT = "bench.input6";
    private static final int PARTITIONS = 6;
    private static final long IDLE_MILLIS = 5_000;

    private ScalingSection() {
    }

    /** One run: instances started together at {@code startMillis}; first and last prediction readable; their summaries. */
    record Run(int instances, int run, long startMillis, long seen, Long firstMillis, Long lastMillis,
               List<ToolOutputs.ConsumerSummary> summaries, List<Double> peakRssMb) {
    }

    static Map<String, Object> run(Context c) {
        Settings s = c.settings;
        LOG.info("scaling: filling {} ({} partitions) with {} records", INPUT, PARTITIONS, s.rows());
        c.createTopic(INPUT, PARTITIONS);
        c.run("fill_input6", c.tools.producerBatch(c.csv(), 0, INPUT, c.work, "fill_input6"), Context.timeout(s.rows(), 5_000));
        List<Run> runs = new ArrayList<>();
        for (int instances = 1; instances <= 2; instances++) {
            for (int run = 1; run <= s.runs(); run++) {
                LOG.info("scaling: {} consumer(s), run {}/{}", instances, run, s.runs());
                runs.add(one(c, instances, run));
            }
        }
        c.kafka.delete(INPUT);
        return summarize(runs);
    }

    private static Run one(Context c, int instances, int run) {
        String label = "scaling_" + instances + "x_" + run;
        String out = "bench." + label + ".out";
        String dlq = "bench." + label + ".dlq";
        String models = "bench." + label + ".models";
        c.createTopic(out, PARTITIONS);
        c.createTopic(dlq, 1);
        long rows = c.settings.rows();
        LatencyRecorder arrivals = new LatencyRecorder(0, 0);
        List<Children.Child> consumers = new ArrayList<>();
        List<ResourceSampler> samplers = new ArrayList<>();
        long start;
        long seen;
        try (LatencyReader reader = LatencyReader.start(c.kafka.settings(), out, false, arrivals)) {
            start = System.currentTimeMillis();
            for (int i = 1; i <= instances; i++) {
                Path dir = c.dir(label + "_" + i);
                Tools.ConsumerSpec spec = new Tools.ConsumerSpec(INPUT, out, dlq, "bench-" + label + "-" + c.stamp, false,
                        false, false, rows, IDLE_MILLIS, models);
                Children.Child consumer = c.start(label + "_" + i, c.tools.consumer(spec, dir, List.of()));
                consumers.add(consumer);
                samplers.add(ResourceSampler.watch(consumer.pid()));
            }
            for (Children.Child consumer : consumers) {
                consumer.awaitSuccess(Context.timeout(rows, 2_000));
            }
            reader.awaitSeen(rows, Duration.ofSeconds(60));
            synchronized (reader) {
                seen = arrivals.seen();
            }
        }
        List<ToolOutputs.ConsumerSummary> summaries = new ArrayList<>();
        for (int i = 1; i <= instances; i++) {
            summaries.add(ToolOutputs.consumerSummary(ToolOutputs.newestSummary(c.work.resolve(label + "_" + i).resolve("reports"))));
        }
        c.kafka.delete(out, dlq, models, Tools.shadowTopic(models));
        return new Run(instances, run, start, seen, arrivals.firstArrivalMillis(), arrivals.lastArrivalMillis(), summaries,
                samplers.stream().map(ResourceSampler::usage).map(ResourceSampler.Usage::peakMb).toList());
    }

    static Map<String, Object> summarize(List<Run> runs) {
        Map<Integer, List<Map<String, Object>>> byInstances = new LinkedHashMap<>();
        for (Run r : runs) {
            Double span = r.lastMillis() == null ? null : (r.lastMillis() - r.startMillis()) / 1000.0;
            byInstances.computeIfAbsent(r.instances(), k -> new ArrayList<>()).add(Figures.obj("run", r.run(),
                    "predictions_seen", r.seen(),
                    "group_records_per_s", span == null || span <= 0 ? null : Figures.round(r.seen() / span, 1),
                    "start_to_last_prediction_s", Figures.round(span, 2),
                    "start_to_first_prediction_ms", r.firstMillis() == null ? null : r.firstMillis() - r.startMillis(),
                    "consumed_per_instance", r.summaries().stream().map(ToolOutputs.ConsumerSummary::consumed).toList(),
                    "records_per_s_per_instance", r.summaries().stream().map(ToolOutputs.ConsumerSummary::recordsPerS).toList(),
                    "peak_rss_mb_per_instance", r.peakRssMb()));
        }
        Map<String, Object> instances = new LinkedHashMap<>();
        byInstances.forEach((n, list) -> instances.put(Integer.toString(n), Figures.obj(
                "group_records_per_s", Figures.round(Figures.median(Figures.values(list, "group_records_per_s")), 1),
                "runs", list)));
        Object one = instances.containsKey("1") ? ((Map<?, ?>) instances.get("1")).get("group_records_per_s") : null;
        Object two = instances.containsKey("2") ? ((Map<?, ?>) instances.get("2")).get("group_records_per_s") : null;
        return Figures.obj("status", "ok",
                "how", "N consumer.jar batch instances in one group on a " + PARTITIONS + "-partition topic of ROWS records, "
                        + "started together; group_records_per_s = predictions / (start to the last prediction readable), "
                        + "timed by a counting reader. On one machine the instances share its cores.",
                "instances", instances, "ratio_2_vs_1", Figures.ratio((Number) two, (Number) one));
    }
}
