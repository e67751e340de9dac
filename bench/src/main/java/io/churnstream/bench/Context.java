package io.churnstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sections share: settings, tool command lines, the work directory (broker data, CSVs, per-run files),
 * logs/bench/ (one file of output per process), the Kafka client, and the input topic the first section to need
 * it fills.
 */
final class Context {

    private static final Logger LOG = LoggerFactory.getLogger(Context.class);
    static final String INPUT_TOPIC = "bench.input";
    static final int INPUT_PARTITIONS = 3;

    final Settings settings;
    final Tools tools;
    final Path work;
    final Path logs;
    final String stamp;
    final BenchKafka kafka;
    private String inputTopic;

    Context(Settings settings, Tools tools, Path work, Path logs, String stamp, BenchKafka kafka) {
        this.settings = settings;
        this.tools = tools;
        this.work = work;
        this.logs = logs;
        this.stamp = stamp;
        this.kafka = kafka;
    }

    /** Starts {@code command} as {@code name}; its output goes to logs/bench/NAME.log. */
    ChildProcess start(String name, List<String> command, Map<String, String> env) {
        return ChildProcess.start(name, command, logs.resolve(name + ".log"), work, env);
    }

    /** Runs {@code command} to a zero exit within {@code timeout}, sampling its memory and CPU. */
    Measured run(String name, List<String> command, Duration timeout) {
        ChildProcess process = start(name, command, Map.of());
        try (ResourceSampler sampler = ResourceSampler.watch(process.pid())) {
            process.awaitSuccess(timeout);
            long wall = System.currentTimeMillis() - process.startedMillis();
            return new Measured(process.startedMillis(), wall, sampler.usage(), process.output());
        }
    }

    /** A finished process: when it started, how long it ran, what it used, where its output is. */
    record Measured(long launchMillis, long wallMillis, ResourceSampler.Usage usage, Path log) {
        double wallSeconds() {
            return wallMillis / 1000.0;
        }
    }

    /** A fresh directory of the work directory for one run's files (summaries, logs, GC log). */
    Path dir(String label) {
        try {
            return Files.createDirectories(work.resolve(label));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Generous time for a tool to handle {@code records} at no less than {@code perSecond}. */
    static Duration timeout(long records, long perSecond) {
        return Duration.ofSeconds(120 + records / perSecond);
    }

    /** The generated input CSV of ROWS customers (seed SEED), written on first use. */
    Path csv() {
        Path csv = work.resolve("customers.csv");
        if (!Files.exists(csv)) {
            LOG.info("generating {} customers (seed {})", settings.rows(), settings.seed());
            run("generate", tools.generate(settings.rows(), settings.seed(), csv, work.resolve("generate.logs")),
                    timeout(settings.rows(), 10_000));
        }
        return csv;
    }

    /** A 3-partition topic holding the ROWS customers of {@link #csv()}: the producer section's last, or filled now. */
    String input() {
        if (inputTopic == null) {
            LOG.info("filling {} with {} records", INPUT_TOPIC, settings.rows());
            kafka.create(INPUT_TOPIC, INPUT_PARTITIONS);
            run("fill_input", tools.producerBatch(csv(), 0, INPUT_TOPIC, work, "fill_input"), timeout(settings.rows(), 5_000));
            inputTopic = INPUT_TOPIC;
        }
        return inputTopic;
    }

    /** Hands a topic of ROWS records from {@link #csv()} on to later sections as their input. */
    void input(String topic) {
        inputTopic = topic;
    }
}
