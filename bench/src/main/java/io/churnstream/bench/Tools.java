package io.churnstream.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The command lines of the tools the benchmark runs: the project's jars, Kafka's ProducerPerformance and JMH. */
final class Tools {

    /** ProducerPerformance tuned as the producer's defaults: acks=all, idempotence, lz4, the same batching. */
    static final List<String> PRODUCER_PERFORMANCE_PROPS = List.of("acks=all", "enable.idempotence=true",
            "max.in.flight.requests.per.connection=5", "compression.type=lz4", "batch.size=262144", "linger.ms=20",
            "buffer.memory=67108864", "delivery.timeout.ms=120000", "request.timeout.ms=30000");

    private final Settings settings;
    private final String java;

    Tools(Settings settings) {
        this.settings = settings;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    Path jar(String module) {
        return module.equals("consumer") ? settings.consumerJar() : settings.jar(module);
    }

    /** {@code java JVM_OPTIONS ARGS...} with the JVM running this benchmark. */
    List<String> java(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        Collections.addAll(command, args);
        return command;
    }

    List<String> generate(long rows, long seed, Path csv, Path logDir) {
        return java(List.of(), "-jar", jar("producer").toString(), "generate", "--rows", Long.toString(rows),
                "--seed", Long.toString(seed), "--out", csv.toString(), "--log-dir", logDir.toString());
    }

    /** producer.jar batch of {@code csv}, or of {@code rows} generated records when {@code csv} is null. */
    List<String> producerBatch(Path csv, long rows, String topic, Path work, String label) {
        List<String> command = java(List.of(), "-jar", jar("producer").toString(), "batch",
                "--bootstrap-servers", settings.bootstrap(), "--topic", topic, "--checkpoint",
                work.resolve(label + ".checkpoint.json").toString(), "--reset-checkpoint",
                "--summary-json", summary(work, label).toString(), "-q", "--log-dir", work.resolve(label + ".logs").toString());
        if (csv != null) {
            command.addAll(List.of("--input", csv.toString()));
        } else {
            command.addAll(List.of("--rows", Long.toString(rows), "--seed", Long.toString(settings.seed() + 1)));
        }
        command.addAll(settings.producerArgs());
        return command;
    }

    /** producer.jar streaming at {@code rate} events/s for {@code seconds}, or for {@code events} when seconds is 0. */
    List<String> producerStreaming(String topic, int rate, int seconds, long events, Path work, String label) {
        return java(List.of(), "-jar", jar("producer").toString(), "streaming", "--bootstrap-servers", settings.bootstrap(),
                "--topic", topic, "--events-per-sec", Integer.toString(rate), "--duration", Integer.toString(seconds),
                "--max-events", Long.toString(events), "--summary-json", summary(work, label).toString(), "-q",
                "--log-dir", work.resolve(label + ".logs").toString());
    }

    static Path summary(Path work, String label) {
        return work.resolve(label + ".summary.json");
    }

    List<String> producerPerformance(String topic, long records, Path payloadFile) {
        List<String> command = java(List.of(), "-cp", jar("bench").toString(), "org.apache.kafka.tools.ProducerPerformance",
                "--bootstrap-server", settings.bootstrap(), "--topic", topic, "--num-records", Long.toString(records),
                "--payload-file", payloadFile.toString(), "--throughput", "-1", "--command-property");
        command.addAll(PRODUCER_PERFORMANCE_PROPS);
        return command;
    }

    /** One consumer.jar run of {@code spec}; its reports and log go to {@code dir}. */
    List<String> consumer(ConsumerSpec spec, Path dir, List<String> extraJvm) {
        List<String> jvm = new ArrayList<>(settings.consumerJvm());
        jvm.add("-Duser.timezone=UTC");
        jvm.addAll(extraJvm);
        List<String> command = java(jvm, "-jar", jar("consumer").toString(), spec.streaming() ? "streaming" : "batch",
                "--bootstrap-servers", settings.bootstrap(), "--input-topic", spec.input(), "--output-topic", spec.output(),
                "--deadletter-topic", spec.deadLetters(), "--consumer-group", spec.group(),
                "--reports-dir", dir.resolve("reports").toString(), "--log-dir", dir.resolve("logs").toString(), "-q");
        if (!spec.streaming()) {
            command.addAll(List.of("--max-messages", Long.toString(spec.maxMessages()), "--timeout-ms", Long.toString(spec.idleMillis())));
        }
        if (spec.passThrough()) {
            command.add("--pass-through");
        }
        if (spec.exactlyOnce()) {
            command.add("--exactly-once");
        }
        command.addAll(settings.consumerArgs());
        return command;
    }

    /** What one consumer.jar run reads, writes and how it ends (streaming runs until stopped). */
    record ConsumerSpec(String input, String output, String deadLetters, String group, boolean streaming,
                        boolean passThrough, boolean exactlyOnce, long maxMessages, long idleMillis) {
    }

    /** scripts/bench-model.sh without its build step; it writes JMH's JSON where {@code JMH_RESULT} says. */
    List<String> jmh() {
        List<String> command = new ArrayList<>(List.of("bash", settings.root().resolve("scripts/bench-model.sh").toString(), "--no-build"));
        command.addAll(settings.jmhArgs());
        return command;
    }
}
