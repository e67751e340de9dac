package io.churnstream.common.tools;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.KafkaOptions;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.TopicAdmin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Counts the pipeline's records by key as a read_committed reader sees them; exits 1 unless none is lost or duplicated. */
@Command(name = "count", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Reads the raw, predictions and dead-letter topics to their ends as a read_committed reader and "
            + "prints one line: in, predicted, dead-lettered, lost (inputs without an output, by key) and duplicated "
            + "(outputs beyond one per input). Exits 1 unless lost=0 and duplicated=0."})
final class CountCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final long READ_TIMEOUT_SECONDS = 120;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    PipelineTopics topics;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "Count again until nothing is lost, for at most this long: for a consumer still catching up.")
    int waitSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (waitSeconds < 0) {
            throw new UsageException("--wait must be >= 0, got " + waitSeconds);
        }
        KafkaSettings settings = kafka.settings(Map.of());
        TopicAdmin.checkReachable(settings, kafka.connectTimeout());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        Tally tally = count(settings);
        while (tally.lost() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            tally = count(settings);
        }
        spec.commandLine().getOut().println(tally);
        spec.commandLine().getOut().flush();
        if (!tally.clean()) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, tally.lost() + " input record(s) without an output and "
                    + tally.duplicated() + " output(s) beyond one per input, for a read_committed reader");
        }
        return ExitCodes.OK;
    }

    private Tally count(KafkaSettings settings) {
        Map<String, Object> extra = Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "churnstream-count-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings.toProperties(extra),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return Tally.of(keys(consumer, topics.raw), keys(consumer, topics.predictions), keys(consumer, topics.deadLetter));
        }
    }

    /** How often each key occurs in {@code topic}, read from its beginning to its end as of now; none if it is missing. */
    private static Map<String, Integer> keys(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        Map<String, Integer> counts = new HashMap<>();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            return counts;
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READ_TIMEOUT_SECONDS);
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.RUNTIME_FAILURE, "could not read " + topic + " to its end within "
                        + READ_TIMEOUT_SECONDS + " s");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    counts.merge(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8), 1,
                            Integer::sum);
                }
            }
        }
        return counts;
    }
}
