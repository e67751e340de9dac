package io.churnstream.producer.send;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.churnstream.common.checkpoint.Checkpoint;
import io.churnstream.common.checkpoint.FileIdentity;
import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.json.Json;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The {@code --exactly-once} resume position: a record per transactional id on a compacted topic, written inside each batch's transaction. */
public final class KafkaCheckpoints {

    public static final String TOPIC = "telco.producer.checkpoints";

    /** One partition, compacted: only the last position of each transactional id matters. */
    public static final Topics.Spec TOPIC_SPEC = new Topics.Spec(TOPIC, 1,
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

    private KafkaCheckpoints() {
    }

    /** The transactional id of a run that sends {@code input} to {@code topic}: stable across reruns, distinct per topic. */
    public static String defaultTransactionalId(FileIdentity input, String topic) {
        return "churnstream-producer-" + FileIdentity.ofName(input.shortHash() + "\n" + topic, 0).shortHash();
    }

    /** The row to resume from, refused (exit 2) when the committed position was written for another input or topic. */
    public static long resumeRow(Checkpoint committed, String transactionalId, FileIdentity input, String topic) {
        committed.mismatch(input, topic).ifPresent(why -> {
            throw new UsageException("the position committed under transactional id " + transactionalId + " " + why
                    + ": use another --transactional-id, or --reset-checkpoint to start over");
        });
        return committed.nextRow();
    }

    static ProducerRecord<byte[], byte[]> record(String transactionalId, Checkpoint checkpoint) {
        return new ProducerRecord<>(TOPIC, 0, transactionalId.getBytes(StandardCharsets.UTF_8), Json.write(checkpoint));
    }

    /** The last committed checkpoint of {@code transactionalId}; call after initTransactions() so no open transaction hides it. */
    public static Optional<Checkpoint> read(KafkaSettings settings, String transactionalId) {
        Properties p = settings.forClient("consumer", ConsumerConfig.configNames(), Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.CLIENT_ID_CONFIG, "churnstream-producer-checkpoint-reader"));
        byte[] key = transactionalId.getBytes(StandardCharsets.UTF_8);
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        Checkpoint last = null;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumer.position(tp, Duration.ofSeconds(30)) < end) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(ExitCodes.RUNTIME_FAILURE, "timed out reading checkpoints from " + TOPIC);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && Arrays.equals(r.key(), key) && r.value() != null) {
                        last = Json.read(r.value(), Checkpoint.class);
                    }
                }
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "unreadable checkpoint record on " + TOPIC + " for " + transactionalId);
        }
        return Optional.ofNullable(last);
    }
}
