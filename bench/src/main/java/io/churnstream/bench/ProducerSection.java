package io.churnstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.churnstream.bench.Context.Measured;
import io.churnstream.bench.ToolOutputs.ProducerPerformance;
import io.churnstream.bench.ToolOutputs.ProducerSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** producer.jar batch of a generated CSV against Kafka's ProducerPerformance sending the same values. */
final class ProducerSection {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerSection.class);
    private static final int PARTITIONS = 3;
    private static final int PAYLOAD_SAMPLE = 20_000;
    private static final double MIB = 1024 * 1024;

    private ProducerSection() {
    }

    /** One producer.jar batch run (run 0 is the warm-up). */
    record Ours(int run, Measured measured, ProducerSummary summary) {
    }

    /** One ProducerPerformance run (run 0 is the warm-up). */
    record Reference(int run, Measured measured, ProducerPerformance result) {
    }

    static Map<String, Object> run(Context c) {
        Settings s = c.settings;
        Path csv = c.csv();
        Payload payload = Payload.measure(csv, c.work.resolve("payload.txt"), PAYLOAD_SAMPLE);
        LOG.info("producer: records of {} bytes on average; ProducerPerformance sends the same JSON values", payload.avgValueBytes());
        List<Ours> ours = new ArrayList<>();
        List<Reference> reference = new ArrayList<>();
        if (s.warmupRows() > 0) {
            LOG.info("producer: warm-up ({} records each)", s.warmupRows());
            ours.add(ours(c, null, s.warmupRows(), 0));
            reference.add(reference(c, s.warmupRows(), 0));
            c.kafka.delete(c.topic("producer.warmup"), c.topic("pp.warmup"));
        }
        for (int run = 1; run <= s.runs(); run++) {
            LOG.info("producer: run {}/{} (producer.jar batch, then ProducerPerformance)", run, s.runs());
            ours.add(ours(c, csv, s.rows(), run));
            reference.add(reference(c, s.rows(), run));
            c.kafka.delete(c.topic("pp." + run));
            if (run > 1) {
                c.kafka.delete(c.topic("producer." + (run - 1)));
            }
        }
        c.input(c.topic("producer." + s.runs()));
        return summarize(ours, reference, payload, s);
    }

    private static Ours ours(Context c, Path csv, long rows, int run) {
        String topic = c.topic("producer." + suffix(run));
        String label = c.label("producer_" + suffix(run));
        c.createTopic(topic, PARTITIONS);
        Measured m = c.run(label, c.tools.producerBatch(csv, rows, topic, c.work, label), Context.timeout(rows, 5_000));
        return new Ours(run, m, ToolOutputs.producerSummary(ToolOutputs.read(Tools.summary(c.work, label))));
    }

    private static Reference reference(Context c, long rows, int run) {
        String topic = c.topic("pp." + suffix(run));
        c.createTopic(topic, PARTITIONS);
        Measured m = c.run(c.label("pp_" + suffix(run)), c.tools.producerPerformance(topic, rows, c.work.resolve("payload.txt")),
                Context.timeout(rows, 5_000));
        try {
            return new Reference(run, m, ToolOutputs.producerPerformance(Files.readAllLines(m.log(), StandardCharsets.UTF_8), m.log()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String suffix(int run) {
        return run == 0 ? "warmup" : Integer.toString(run);
    }

    static Map<String, Object> summarize(List<Ours> ours, List<Reference> reference, Payload payload, Settings s) {
        List<Map<String, Object>> ourRuns = new ArrayList<>();
        List<Map<String, Object>> ourWarmup = new ArrayList<>();
        for (Ours o : ours) {
            Long sent = o.summary().sent();
            (o.run() == 0 ? ourWarmup : ourRuns).add(Figures.obj("run", o.run(), "sent", sent,
                    "records_per_s", o.summary().recordsPerS(), "wall_s", o.measured().wallSeconds(),
                    "wall_records_per_s", sent == null ? null : Figures.round(sent / o.measured().wallSeconds(), 1),
                    "active_s", o.summary().activeSeconds(), "duration_s", o.summary().durationSeconds(),
                    "rss", o.measured().usage().toJson(), "log", o.measured().log().toString()));
        }
        List<Map<String, Object>> refRuns = new ArrayList<>();
        List<Map<String, Object>> refWarmup = new ArrayList<>();
        for (Reference r : reference) {
            (r.run() == 0 ? refWarmup : refRuns).add(Figures.obj("run", r.run(), "sent", r.result().records(),
                    "records_per_s", r.result().recordsPerS(), "mb_per_s", r.result().mbPerS(),
                    "avg_latency_ms", r.result().avgLatencyMs(), "p99_latency_ms", r.result().p99LatencyMs(),
                    "wall_s", r.measured().wallSeconds(),
                    "wall_records_per_s", Figures.round(r.result().records() / r.measured().wallSeconds(), 1),
                    "rss", r.measured().usage().toJson(), "log", r.measured().log().toString()));
        }
        Map<String, Object> mine = figures(ourRuns, rate -> rate == null ? null : Figures.round(rate * payload.avgValueBytes() / MIB, 2));
        Map<String, Object> theirs = figures(refRuns, rate -> Figures.round(Figures.median(Figures.values(refRuns, "mb_per_s")), 2));
        Map<Object, Object> refByRun = new HashMap<>();
        refRuns.forEach(r -> refByRun.put(r.get("run"), r.get("records_per_s")));
        List<Double> perRun = ourRuns.stream().map(r -> Figures.ratio((Number) r.get("records_per_s"), (Number) refByRun.get(r.get("run")))).toList();
        return Figures.obj("status", "ok", "records", s.rows(), "avg_value_bytes", payload.avgValueBytes(),
                "avg_key_bytes", payload.avgKeyBytes(),
                "how", "producer.jar batch --input <generated CSV> (its defaults: acks=all, idempotence, lz4, linger.ms=20, "
                        + "batch.size=262144) vs org.apache.kafka.tools.ProducerPerformance with the same record count, the same "
                        + "JSON values (--payload-file, so sizes and compressibility match) and --command-property "
                        + String.join(" ", Tools.PRODUCER_PERFORMANCE_PROPS) + "; each run to a fresh " + PARTITIONS
                        + "-partition topic, the two tools back to back. records_per_s is each tool's own clock "
                        + "(ProducerPerformance: first send to last acknowledgement; producer.jar: its throughput_per_s, first "
                        + "to last acknowledgement); wall_records_per_s includes JVM start-up and connecting. MB/s counts "
                        + "values in MiB, as ProducerPerformance does.",
                "producer_args", String.join(" ", s.producerArgs()),
                "churnstream", mine, "producer_performance", theirs,
                "ratio_vs_producer_performance", Figures.ratio((Number) mine.get("records_per_s"), (Number) theirs.get("records_per_s")),
                "ratio_wall_clock", Figures.ratio((Number) mine.get("wall_records_per_s"), (Number) theirs.get("wall_records_per_s")),
                "ratio_per_run", perRun,
                "ratio_cpu_time", Figures.ratio((Number) theirs.get("cpu_s"), (Number) mine.get("cpu_s")),
                "warmup", Figures.obj("churnstream", ourWarmup, "producer_performance", refWarmup));
    }

    /** Medians over measured runs; {@code mbPerS} turns the median rate into MiB/s. */
    private static Map<String, Object> figures(List<Map<String, Object>> runs, Function<Double, Double> mbPerS) {
        Double rate = Figures.median(Figures.values(runs, "records_per_s"));
        return Figures.obj("records_per_s", Figures.round(rate, 1), "mb_per_s", mbPerS.apply(rate),
                "wall_records_per_s", Figures.round(Figures.median(Figures.values(runs, "wall_records_per_s")), 1),
                "wall_s", Figures.round(Figures.median(Figures.values(runs, "wall_s")), 2),
                "peak_rss_mb", Figures.max(runs.stream().map(r -> Figures.usage(r, "peak_mb")).toList()),
                "cpu_s", Figures.round(Figures.median(runs.stream().map(r -> Figures.usage(r, "cpu_s")).toList()), 2),
                "runs", runs);
    }
}
