package io.churnstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.DoubleSupplier;

import io.churnstream.common.process.JvmProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sections share on one broker: settings, tool launches, the work directory (broker data, CSVs, per-run
 * files), the child processes, the Kafka client, the replication factor of the topics they create, and the input
 * topic the first section to need it fills. A scope keeps the names of one part of a run apart from another's.
 */
final class Context {

    private static final Logger LOG = LoggerFactory.getLogger(Context.class);
    static final int INPUT_PARTITIONS = 3;

    final Settings settings;
    final Tools tools;
    final Path work;
    final String stamp;
    final BenchKafka kafka;
    final Children children;
    final int replicas;
    private final DoubleSupplier brokerCompilerSeconds;
    private final String scope;
    private String inputTopic;

    /** The context of a broker whose topics get {@code replicas} replicas, with no scope. */
    Context(Settings settings, Tools tools, Path work, String stamp, BenchKafka kafka, Children children, int replicas,
            DoubleSupplier brokerCompilerSeconds) {
        this(settings, tools, work, stamp, kafka, children, replicas, brokerCompilerSeconds, "");
    }

    private Context(Settings settings, Tools tools, Path work, String stamp, BenchKafka kafka, Children children,
                    int replicas, DoubleSupplier brokerCompilerSeconds, String scope) {
        this.settings = settings;
        this.tools = tools;
        this.work = work;
        this.stamp = stamp;
        this.kafka = kafka;
        this.children = children;
        this.replicas = replicas;
        this.brokerCompilerSeconds = brokerCompilerSeconds;
        this.scope = scope;
    }

    /** The same broker, for topics of {@code replicas} replicas, with the names of its runs and topics in {@code scope}. */
    Context scoped(String scope, int replicas) {
        return new Context(settings, tools, work, stamp, kafka, children, replicas, brokerCompilerSeconds,
                this.scope.isEmpty() ? scope : this.scope + "_" + scope);
    }

    /** Seconds of CPU the broker's JIT compilers have used so far, or -1 where that cannot be read. */
    double brokerCompilerSeconds() {
        return brokerCompilerSeconds.getAsDouble();
    }

    /** A run's name within this context's scope: its log is logs/bench/LABEL.log, its files work/LABEL*. */
    String label(String name) {
        return scope.isEmpty() ? name : scope + "_" + name;
    }

    /** A topic's name within this context's scope. */
    String topic(String name) {
        return "bench." + (scope.isEmpty() ? "" : scope + ".") + name;
    }

    /** Creates a topic of this context's replication factor. */
    void createTopic(String topic, int partitions) {
        kafka.create(topic, partitions, replicas);
    }

    /** Starts {@code launch} as {@code name}; its output goes to logs/bench/NAME.log. */
    Children.Child start(String name, JvmProcess.Launch launch) {
        return children.start(name, launch);
    }

    /** Runs {@code launch} to a zero exit within {@code timeout}, sampling its memory and CPU. */
    Measured run(String name, JvmProcess.Launch launch, Duration timeout) {
        Children.Child process = start(name, launch);
        try (ResourceSampler sampler = ResourceSampler.watch(process.pid())) {
            process.awaitSuccess(timeout);
            return Measured.since(process, sampler.usage());
        }
    }

    /** A finished process: when it started, how long it ran, what it used, where its output is. */
    record Measured(long launchMillis, long wallMillis, ResourceSampler.Usage usage, Path log) {

        /** {@code process}, finished now. */
        static Measured since(Children.Child process, ResourceSampler.Usage usage) {
            return new Measured(process.startedMillis(), System.currentTimeMillis() - process.startedMillis(), usage, process.log());
        }

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
            String topic = topic("input");
            String label = label("fill_input");
            LOG.info("filling {} with {} records", topic, settings.rows());
            createTopic(topic, INPUT_PARTITIONS);
            run(label, tools.producerBatch(csv(), 0, topic, work, label), timeout(settings.rows(), 5_000));
            inputTopic = topic;
        }
        return inputTopic;
    }

    /** Hands a topic of ROWS records from {@link #csv()} on to later sections as their input. */
    void input(String topic) {
        inputTopic = topic;
    }
}
