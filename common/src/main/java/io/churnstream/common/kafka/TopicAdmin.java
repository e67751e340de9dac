package io.churnstream.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Broker reachability checks and idempotent topic creation, shared by both jars. */
public final class TopicAdmin implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private final Admin admin;
    private final String bootstrap;

    private TopicAdmin(Admin admin, String bootstrap) {
        this.admin = admin;
        this.bootstrap = bootstrap;
    }

    public static TopicAdmin create(KafkaSettings settings) {
        Map<String, Object> extra = Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "churnstream-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 1_000);
        return new TopicAdmin(Admin.create(settings.forClient("admin", AdminClientConfig.configNames(), extra)),
                settings.bootstrapServers());
    }

    /** Fails with {@link BrokerUnreachableException} unless the cluster answers within {@code timeout}. */
    public void awaitReachable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                admin.describeCluster().clusterId().get(Math.max(1, Math.min(5_000, remainingMillis(deadline))), TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.INTERRUPTED, "interrupted while waiting for Kafka at " + bootstrap);
            } catch (ExecutionException | TimeoutException e) {
                if (remainingMillis(deadline) <= 0) {
                    throw new BrokerUnreachableException(bootstrap, timeout.toSeconds());
                }
            }
        }
    }

    /** Creates the topics that do not exist yet, with their configs; existing ones are left as they are. */
    public void ensureTopics(List<Topics.Spec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Spec spec : specs) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), Optional.of(spec.partitions()),
                            spec.replicas() == 0 ? Optional.empty() : Optional.of((short) spec.replicas())).configs(spec.configs()));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get(30, TimeUnit.SECONDS);
                    LOG.info("created topic {}", created.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while creating topics " + names(specs));
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot create topics " + names(specs) + " on " + bootstrap
                    + ": " + cause.getMessage() + " (create them with ./scripts/create-topics.sh or check the ACLs)");
        }
    }

    /** Partition count of {@code topic}, or empty when it does not exist. */
    public Optional<Integer> partitions(String topic) {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size());
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (TimeoutException e) {
            throw new BrokerUnreachableException(bootstrap, 30);
        }
    }

    /** The offsets {@code group} has committed on {@code topic}, by partition; empty when it has none. */
    public Map<Integer, Long> committedOffsets(String group, String topic, Duration timeout) {
        try {
            Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<Integer, Long> committed = new TreeMap<>();
            all.forEach((tp, offset) -> {
                if (tp.topic().equals(topic) && offset != null) {
                    committed.put(tp.partition(), offset.offset());
                }
            });
            return committed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while reading the offsets of group " + group);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot read the committed offsets of group " + group
                    + " on " + bootstrap + ": " + cause.getMessage());
        }
    }

    /** The topic's {@code max.message.bytes}, or {@code fallback} when the broker will not say. */
    public int maxMessageBytes(String topic, int fallback) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            ConfigEntry entry = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null ? fallback : Integer.parseInt(entry.value());
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            LOG.warn("cannot read max.message.bytes of {} ({}); assuming {}", topic, e.getMessage(), fallback);
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }

    public Admin admin() {
        return admin;
    }

    private static List<String> names(List<Topics.Spec> specs) {
        return specs.stream().map(Topics.Spec::name).toList();
    }

    private static long remainingMillis(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
