package io.churnstream.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.ProducerDefaults;
import io.churnstream.common.kafka.TopicAdmin;
import io.churnstream.common.kafka.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The orchestrator's own Kafka client: creates the topics of each run and deletes them after, to free the disk; follows
 * a run's progress by its output's end offsets; writes the odd control record.
 */
final class BenchKafka implements AutoCloseable {

    private final KafkaSettings settings;
    private final TopicAdmin admin;
    private KafkaProducer<String, byte[]> producer;

    BenchKafka(String bootstrap) {
        settings = KafkaSettings.builder().flag(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap).build();
        admin = TopicAdmin.create(settings);
        admin.awaitReachable(Duration.ofSeconds(30));
    }

    KafkaSettings settings() {
        return settings;
    }

    /**
     * Creates {@code topic} unless it exists, with {@code replicas} copies of each partition and the
     * min.insync.replicas that {@link TopicAdmin.Replication} gives them.
     */
    void create(String topic, int partitions, int replicas) {
        admin.ensureTopics(List.of(new Topics.Spec(topic, partitions, replicas, Map.of())));
    }

    static int minInSyncReplicas(int replicas) {
        return TopicAdmin.Replication.of(replicas, OptionalInt.of(replicas)).minInSync();
    }

    /** The replication factor and min.insync.replicas of an existing topic, as the broker has them. */
    Map<String, Object> replication(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            TopicDescription description = admin.admin().describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            Config config = admin.admin().describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return Figures.obj("replicas", description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0),
                    "min_insync_replicas", Integer.parseInt(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()));
        } catch (ExecutionException | TimeoutException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot describe " + topic + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while describing " + topic);
        }
    }

    /** The sum of the end offsets of partitions 0 to {@code partitions - 1} of {@code topic}. */
    long endOffsets(String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try {
            return admin.admin().listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(ListOffsetsResultInfo::offset).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot read the end offsets of " + topic + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while reading the end offsets of " + topic);
        }
    }

    /** Writes one record with the project's durable producer settings and waits for the acknowledgement. */
    synchronized void write(String topic, String key, byte[] value) {
        if (producer == null) {
            Map<String, Object> extra = new HashMap<>(ProducerDefaults.reliable());
            extra.put(ProducerConfig.CLIENT_ID_CONFIG, "churnstream-bench");
            producer = new KafkaProducer<>(settings.toProperties(extra), new StringSerializer(), new ByteArraySerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot write " + key + " to " + topic + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while writing " + key + " to " + topic);
        }
    }

    /** Deletes the topics; missing ones are ignored. */
    void delete(String... topics) {
        try {
            admin.admin().deleteTopics(List.of(topics)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot delete " + List.of(topics) + ": " + e.getCause().getMessage());
            }
        } catch (TimeoutException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "deleting " + List.of(topics) + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while deleting topics");
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
        }
        admin.close();
    }
}
