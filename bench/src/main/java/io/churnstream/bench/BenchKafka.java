package io.churnstream.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.TopicAdmin;
import io.churnstream.common.kafka.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The orchestrator's own Kafka client: creates the topics of each run and deletes them after, to free the disk. */
final class BenchKafka implements AutoCloseable {

    private final KafkaSettings settings;
    private final TopicAdmin admin;

    BenchKafka(String bootstrap) {
        settings = KafkaSettings.builder().flag(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap).build();
        admin = TopicAdmin.create(settings);
        admin.awaitReachable(Duration.ofSeconds(30));
    }

    KafkaSettings settings() {
        return settings;
    }

    /**
     * Creates {@code topic} unless it exists, with {@code replicas} copies of each partition and a min.insync.replicas
     * that lets acks=all writes survive one replica down from 3 replicas on.
     */
    void create(String topic, int partitions, int replicas) {
        admin.ensureTopics(List.of(new Topics.Spec(topic, partitions, replicas,
                Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSyncReplicas(replicas))))));
    }

    static int minInSyncReplicas(int replicas) {
        return replicas >= 3 ? 2 : 1;
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
    public void close() {
        admin.close();
    }
}
