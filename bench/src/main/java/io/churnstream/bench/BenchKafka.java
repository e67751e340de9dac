package io.churnstream.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.TopicAdmin;
import io.churnstream.common.kafka.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
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

    /** Creates {@code topic} with {@code partitions} partitions unless it exists. */
    void create(String topic, int partitions) {
        admin.ensureTopics(List.of(new Topics.Spec(topic, partitions)));
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
