package io.churnstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.churnstream.common.cli.UsageException;
import io.churnstream.common.process.JvmProcess;

/**
 * The launches of the tools the benchmark runs against one broker: the project's jars, Kafka's ProducerPerformance
 * (bundled in this jar) and JMH.
 */
final class Tools {

    /** ProducerPerformance tuned as the producer's defaults: acks=all, idempotence, lz4, the same batching. */
    static final List<String> PRODUCER_PERFORMANCE_PROPS = List.of("acks=all", "enable.idempotence=true",
            "max.in.flight.requests.per.connection=5", "compression.type=lz4", "batch.size=262144", "linger.ms=20",
            "buffer.memory=67108864", "delivery.timeout.ms=120000", "request.timeout.ms=30000");
    static final String JMH_BENCHMARK = "io.churnstream.model.bench.ScoringBenchmark";

    private final Settings settings;
    private final String bootstrap;

    /** The tools of a run against {@code bootstrap} (null when no section needs a broker). */
    Tools(Settings settings, String bootstrap) {
        this.settings = settings;
        this.bootstrap = bootstrap;
    }

    JvmProcess.Launch generate(long rows, long seed, Path csv, Path logDir) {
        return JvmProcess.jar(settings.jar("producer")).args("generate", "--rows", Long.toString(rows),
                "--seed", Long.toString(seed), "--out", csv.toString(), "--log-dir", logDir.toString());
    }

    /** producer.jar batch of {@code csv}, or of {@code rows} generated records when {@code csv} is null. */
    JvmProcess.Launch producerBatch(Path csv, long rows, String topic, Path work, String label) {
        JvmProcess.Launch launch = JvmProcess.jar(settings.jar("producer")).args("batch",
                "--bootstrap-servers", bootstrap, "--topic", topic, "--checkpoint",
                work.resolve(label + ".checkpoint.json").toString(), "--reset-checkpoint",
                "--summary-json", summary(work, label).toString(), "-q", "--log-dir", work.resolve(label + ".logs").toString());
        if (csv != null) {
            launch.args("--input", csv.toString());
        } else {
            launch.args("--rows", Long.toString(rows), "--seed", Long.toString(settings.seed() + 1));
        }
        return launch.args(settings.producerArgs());
    }

    /** producer.jar streaming at {@code rate} events/s for {@code seconds}, or for {@code events} when seconds is 0. */
    JvmProcess.Launch producerStreaming(String topic, int rate, int seconds, long events, Path work, String label) {
        return JvmProcess.jar(settings.jar("producer")).args("streaming", "--bootstrap-servers", bootstrap,
                "--topic", topic, "--events-per-sec", Integer.toString(rate), "--duration", Integer.toString(seconds),
                "--max-events", Long.toString(events), "--summary-json", summary(work, label).toString(), "-q",
                "--log-dir", work.resolve(label + ".logs").toString());
    }

    static Path summary(Path work, String label) {
        return work.resolve(label + ".summary.json");
    }

    /** ProducerPerformance from this JVM's class path, which carries kafka-tools. */
    JvmProcess.Launch producerPerformance(String topic, long records, Path payloadFile) {
        return JvmProcess.mainClass("org.apache.kafka.tools.ProducerPerformance").args("--bootstrap-server", bootstrap,
                "--topic", topic, "--num-records", Long.toString(records), "--payload-file", payloadFile.toString(),
                "--throughput", "-1", "--command-property").args(PRODUCER_PERFORMANCE_PROPS);
    }

    /**
     * The model cache of every consumer run, beside their directories: as a restarting consumer's own cache would be,
     * it is filled by the first (warm-up) run, and no run writes to the user's cache directory.
     */
    static final String MODEL_CACHE = "model-cache";

    /**
     * The JVM files the build writes beside consumer.jar, passed as scripts/lib.sh passes them: the class data sharing
     * archive (without one, or with one of another build, the JVM loads classes as usual) and the compiler directives.
     */
    static List<String> besideJar(Path consumerJar) {
        List<String> options = new ArrayList<>();
        Path archive = consumerJar.resolveSibling("consumer.jsa");
        if (Files.isRegularFile(archive)) {
            options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        Path directives = consumerJar.resolveSibling("compiler-directives.json");
        if (Files.isRegularFile(directives)) {
            options.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:CompilerDirectivesFile=" + directives,
                    "-XX:+DisplayVMOutputToStderr"));
        }
        return options;
    }

    /** One consumer.jar run of {@code spec}; its reports and log go to {@code dir}. */
    JvmProcess.Launch consumer(ConsumerSpec spec, Path dir, List<String> extraJvm) {
        List<String> jvm = new ArrayList<>(settings.consumerJvm());
        jvm.addAll(besideJar(settings.jar("consumer")));
        jvm.add("-Duser.timezone=UTC");
        jvm.addAll(extraJvm);
        JvmProcess.Launch launch = JvmProcess.jar(settings.jar("consumer")).jvmOptions(jvm.toArray(String[]::new))
                .args(spec.streaming() ? "streaming" : "batch",
                        "--bootstrap-servers", bootstrap, "--input-topic", spec.input(), "--output-topic", spec.output(),
                        "--deadletter-topic", spec.deadLetters(), "--consumer-group", spec.group(),
                        "--reports-dir", dir.resolve("reports").toString(), "--log-dir", dir.resolve("logs").toString(), "-q",
                        "--model-cache", dir.resolveSibling(MODEL_CACHE).toString());
        if (!spec.streaming()) {
            launch.args("--max-messages", Long.toString(spec.maxMessages()), "--timeout-ms", Long.toString(spec.idleMillis()));
        }
        if (spec.passThrough()) {
            launch.args("--pass-through");
        }
        if (spec.exactlyOnce()) {
            launch.args("--exactly-once");
        }
        if (spec.modelsTopic() != null) {
            launch.args("--models-topic", spec.modelsTopic(), "--shadow-topic", shadowTopic(spec.modelsTopic()));
        }
        return launch.args(settings.consumerArgs());
    }

    /** consumer.jar model publish of {@code pmml} (its model card beside it) on {@code modelsTopic}; prints the version. */
    JvmProcess.Launch modelPublish(Path pmml, boolean activate, String modelsTopic, Path logDir) {
        JvmProcess.Launch launch = JvmProcess.jar(settings.jar("consumer")).args("model", "publish", pmml.toString(),
                "--bootstrap-servers", bootstrap, "--models-topic", modelsTopic, "-q", "--log-dir", logDir.toString());
        return activate ? launch.args("--activate") : launch;
    }

    /**
     * What one consumer.jar run reads, writes and how it ends (streaming runs until stopped). A scoring run follows
     * {@code modelsTopic}, which the run owns so that no run sees another's models (empty: the bundled model).
     */
    record ConsumerSpec(String input, String output, String deadLetters, String group, boolean streaming,
                        boolean passThrough, boolean exactlyOnce, long maxMessages, long idleMillis, String modelsTopic) {
    }

    /** The topic of the shadow predictions of a run following {@code modelsTopic}. */
    static String shadowTopic(String modelsTopic) {
        return modelsTopic + ".shadow";
    }

    /** The JMH benchmark of the model, from the class path scripts/bench-model.sh --build-only wrote; JSON to {@code result}. */
    JvmProcess.Launch jmh(Path result) {
        Path classPathFile = ScoringSection.classpathFile(settings);
        String classPath;
        try {
            classPath = Files.readString(classPathFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UsageException("cannot read " + classPathFile + ": run scripts/bench-model.sh --build-only, or scripts/bench.sh");
        }
        return JvmProcess.mainClass("org.openjdk.jmh.Main", classPath)
                .args(JMH_BENCHMARK, "-rf", "json", "-rff", result.toString()).args(settings.jmhArgs());
    }
}
