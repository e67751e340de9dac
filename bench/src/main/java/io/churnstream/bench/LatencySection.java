package io.churnstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.churnstream.bench.Context.Measured;
import io.churnstream.bench.ToolOutputs.ProducerSummary;
import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * event_ts to the prediction being readable: one streaming consumer (with a GC log) scores what producer.jar
 * streaming sends at each rate in turn, and a read_committed reader times every prediction.
 */
final class LatencySection {

    private static final Logger LOG = LoggerFactory.getLogger(LatencySection.class);
    private static final String IN = "bench.latency.in";
    private static final String OUT = "bench.latency.out";
    private static final String DLQ = "bench.latency.dlq";
    private static final String MODELS = "bench.latency.models";
    private static final int PROBE_EVENTS = 20;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private LatencySection() {
    }

    /** One rate: its latencies, what the producer sent, and the phase's wall-clock window for the GC pauses. */
    record Rate(int eventsPerSecond, Map<String, Object> latency, ProducerSummary produced, Measured producer,
                boolean drained, long fromMillis, long toMillis) {
    }

    static Map<String, Object> run(Context c) {
        Settings s = c.settings;
        c.createTopic(IN, Context.INPUT_PARTITIONS);
        c.createTopic(OUT, Context.INPUT_PARTITIONS);
        c.createTopic(DLQ, 1);
        Path dir = c.dir("latency_consumer");
        Path gcLog = dir.resolve("gc.log");
        List<Rate> rates = new ArrayList<>();
        ResourceSampler.Usage consumerUsage;
        try (LatencyReader reader = LatencyReader.start(c.kafka.settings(), OUT, true, new LatencyRecorder(0, 0))) {
            Tools.ConsumerSpec spec = new Tools.ConsumerSpec(IN, OUT, DLQ, "bench-latency-" + c.stamp, true, false, false, 0, 0,
                    MODELS);
            try (Children.Child consumer = c.start("latency_consumer", c.tools.consumer(spec, dir,
                         List.of("-Xlog:gc:file=" + gcLog + ":utctime,uptime")));
                 ResourceSampler sampler = ResourceSampler.watch(consumer.pid())) {
                LOG.info("latency: waiting for the streaming consumer's first predictions ({} probe events)", PROBE_EVENTS);
                long produced = produce(c, "latency_probe", PROBE_EVENTS, 0, PROBE_EVENTS).sent();
                if (!reader.awaitSeen(produced, READY_TIMEOUT)) {
                    throw consumer.failed("no prediction of the probe events within " + READY_TIMEOUT.toSeconds() + " s");
                }
                int top = s.latencyRates().stream().max(Integer::compare).orElse(PROBE_EVENTS);
                LOG.info("latency: warming up the consumer and the broker at {} events/s for {} s (not measured)", top,
                        warmUpSeconds(s));
                produced += produce(c, "latency_warmup", top, warmUpSeconds(s), 0).sent();
                reader.awaitSeen(produced, DRAIN_TIMEOUT);
                for (int rate : s.latencyRates()) {
                    LOG.info("latency: {} events/s for {}+{} s", rate, s.latencyWarmupSeconds(), s.latencySeconds());
                    long from = System.currentTimeMillis();
                    LatencyRecorder recorder = new LatencyRecorder(s.latencyWarmupSeconds() * 1000L, from);
                    reader.phase(recorder);
                    String label = "latency_" + rate + "_producer";
                    Measured producer = c.run(label, c.tools.producerStreaming(IN, rate,
                            s.latencyWarmupSeconds() + s.latencySeconds(), 0, c.work, label),
                            Duration.ofSeconds(120L + s.latencyWarmupSeconds() + s.latencySeconds()));
                    ProducerSummary sent = ToolOutputs.producerSummary(ToolOutputs.read(Tools.summary(c.work, label)));
                    produced += sent.sent() == null ? 0 : sent.sent();
                    boolean drained = reader.awaitSeen(produced, DRAIN_TIMEOUT);
                    Map<String, Object> latency;
                    synchronized (reader) {
                        latency = recorder.summary();
                    }
                    rates.add(new Rate(rate, latency, sent, producer, drained, from, System.currentTimeMillis()));
                }
                consumer.stop(Duration.ofSeconds(30));
                consumerUsage = sampler.usage();
            }
        }
        c.kafka.delete(IN, OUT, DLQ, MODELS, Tools.shadowTopic(MODELS));
        return summarize(rates, consumerUsage, GcLog.pauses(lines(gcLog)), s);
    }

    /** A long-running consumer has compiled its hot paths: the measured rates start after this much load. */
    private static int warmUpSeconds(Settings s) {
        return 2 * s.latencyWarmupSeconds();
    }

    private static ProducerSummary produce(Context c, String label, int rate, int seconds, long events) {
        c.run(label, c.tools.producerStreaming(IN, rate, seconds, events, c.work, label), Duration.ofSeconds(120L + seconds));
        ProducerSummary summary = ToolOutputs.producerSummary(ToolOutputs.read(Tools.summary(c.work, label)));
        if (summary.sent() == null) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "the summary of " + label + " does not say how many records it sent: " + Tools.summary(c.work, label));
        }
        return summary;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    static Map<String, Object> summarize(List<Rate> rates, ResourceSampler.Usage consumer, List<GcLog.Pause> pauses, Settings s) {
        Map<String, Object> byRate = new LinkedHashMap<>();
        for (Rate r : rates) {
            Map<String, Object> l = r.latency();
            byRate.put(Integer.toString(r.eventsPerSecond()), Figures.obj("events_per_s", r.eventsPerSecond(),
                    "measured_seconds", s.latencySeconds(), "predictions_timed", l.get("count"), "produced", r.produced().sent(),
                    "achieved_events_per_s", r.produced().recordsPerS(), "all_predictions_arrived", r.drained(),
                    "p50_ms", l.get("p50_ms"), "p95_ms", l.get("p95_ms"), "p99_ms", l.get("p99_ms"), "p999_ms", l.get("p999_ms"),
                    "max_ms", l.get("max_ms"), "mean_ms", l.get("mean_ms"),
                    "split_at_processed_ts", l.get("split_at_processed_ts"),
                    "consumer_gc", GcLog.summary(pauses, r.fromMillis(), r.toMillis()),
                    "producer_peak_rss_mb", r.producer().usage().peakMb()));
        }
        return Figures.obj("status", "ok",
                "how", "one consumer.jar streaming (JVM options " + String.join(" ", s.consumerJvm()) + ", -Xlog:gc) scores "
                        + "what producer.jar streaming sends at each rate in turn, LATENCY_WARMUP_SECONDS + LATENCY_SECONDS "
                        + "per rate, after probe events showed it ready and 2 x LATENCY_WARMUP_SECONDS at the highest rate "
                        + "warmed it up (as a consumer that has been running has compiled its hot paths); a read_committed reader records (arrival wall clock "
                        + "- event_ts) in an HdrHistogram, leaving out each rate's first LATENCY_WARMUP_SECONDS. consumer_gc "
                        + "counts the stop-the-world pauses during each rate's run, warm-up included.",
                "consumer_peak_rss_mb", consumer.peakMb(),
                "consumer_gc", GcLog.summary(pauses, Long.MIN_VALUE, Long.MAX_VALUE),
                "rates", byRate);
    }
}
