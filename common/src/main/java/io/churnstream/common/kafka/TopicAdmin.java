package io.churnstream.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.UsageException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Broker reachability checks and idempotent topic creation, shared by both jars. */
public final class TopicAdmin implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

    private static final Duration TLS_PROBE_TIMEOUT = Duration.ofSeconds(3);
    /** The first wait for the cluster, after which a plaintext client finds out whether a TLS listener cut it off. */
    private static final long FIRST_ATTEMPT_MILLIS = 1_000;
    private static final long ATTEMPT_MILLIS = 5_000;
    private static final long CREATED_VISIBLE_SECONDS = 30;
    private static final long CREATED_VISIBLE_POLL_MILLIS = 25;

    private final Admin admin;
    private final String bootstrap;
    private final KafkaFailures failures;

    private TopicAdmin(Admin admin, String bootstrap, KafkaFailures failures) {
        this.admin = admin;
        this.bootstrap = bootstrap;
        this.failures = failures;
    }

    /** An admin client; settings it cannot start with (an unparsable JAAS line, an unreadable truststore) are a usage error. */
    public static TopicAdmin create(KafkaSettings settings) {
        Map<String, Object> extra = Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "churnstream-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 1_000);
        try {
            return new TopicAdmin(Admin.create(settings.forClient("admin", AdminClientConfig.configNames(), extra)),
                    settings.bootstrapServers(), KafkaFailures.of(settings));
        } catch (KafkaException e) {
            throw KafkaFailures.badSettings(e);
        }
    }

    /**
     * For a command that only needs the cluster to be there before its own clients start: waits as
     * {@link #awaitReachable(Duration)} does, with an admin client of its own, and returns how the failures of clients
     * with these settings read.
     */
    public static KafkaFailures checkReachable(KafkaSettings settings, Duration timeout) {
        try (TopicAdmin admin = create(settings)) {
            admin.awaitReachable(timeout);
            return admin.failures();
        }
    }

    /** How the failures of clients with these settings read. */
    public KafkaFailures failures() {
        return failures;
    }

    /**
     * Fails with {@link BrokerUnreachableException} unless the cluster answers within {@code timeout}; at once, with
     * exit {@link ExitCodes#ACCESS_DENIED}, when it refuses the credentials or the TLS handshake, or when a plaintext
     * client finds a TLS listener there.
     */
    public void awaitReachable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean probed = false;
        while (true) {
            try {
                long attempt = probed ? ATTEMPT_MILLIS : FIRST_ATTEMPT_MILLIS;
                admin.describeCluster().clusterId().get(Math.max(1, Math.min(attempt, remainingMillis(deadline))),
                        TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.INTERRUPTED, "interrupted while waiting for Kafka at " + bootstrap);
            } catch (ExecutionException | TimeoutException e) {
                Optional<CliException> refused = failures.explain(e, KafkaFailures.Attempt.DESCRIBE);
                if (refused.isEmpty() && !probed) {
                    probed = true;
                    refused = failures.plaintextAtTls(new TlsProbe(TLS_PROBE_TIMEOUT));
                }
                if (refused.isPresent()) {
                    throw refused.get();
                }
                if (remainingMillis(deadline) <= 0) {
                    throw new BrokerUnreachableException(bootstrap, timeout.toSeconds());
                }
            }
        }
    }

    /**
     * Whether the cluster answers within {@code timeout} and, as far as it tells, can take writes: its controller quorum
     * has a leader. A cluster that has lost its quorum still answers from the brokers left, but elects no leader and
     * shrinks no ISR, so acks=all writes stall. A cluster that will not describe its quorum (an ACL, or not KRaft)
     * is judged by its answer alone.
     */
    public boolean serving(Duration timeout) {
        long millis = Math.max(1, timeout.toMillis());
        try {
            admin.describeCluster().clusterId().get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return admin.describeMetadataQuorum().quorumInfo().get(millis, TimeUnit.MILLISECONDS).leaderId() >= 0;
        } catch (ExecutionException e) {
            return !(e.getCause() instanceof RetriableException);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@link #ensureTopics(List, OptionalInt)} with the replication that follows the cluster. */
    public void ensureTopics(List<Topics.Spec> specs) {
        ensureTopics(specs, OptionalInt.empty());
    }

    /**
     * Creates the topics that do not exist yet, with their configs and the {@link Replication} that fits the cluster
     * ({@code requested} replication factor, else {@code min(3, brokers)}). Existing topics are left as they are; one
     * replicated less than that gets a warning that says how to fix it.
     */
    public void ensureTopics(List<Topics.Spec> specs, OptionalInt requested) {
        List<String> attempted = new ArrayList<>(names(specs));
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            Replication replication = Replication.of(brokers, requested);
            Map<String, Replication> missing = new LinkedHashMap<>();
            List<NewTopic> creations = new ArrayList<>();
            List<String> present = new ArrayList<>();
            for (Topics.Spec spec : specs) {
                if (existing.contains(spec.name())) {
                    present.add(spec.name());
                } else {
                    Replication own = spec.replicas() == 0 ? replication : Replication.of(brokers, OptionalInt.of(spec.replicas()));
                    Map<String, String> configs = new TreeMap<>(own.configs());
                    configs.putAll(spec.configs());
                    creations.add(new NewTopic(spec.name(), spec.partitions(), (short) own.factor()).configs(configs));
                    missing.put(spec.name(), own);
                }
            }
            warnUnderReplicated(present, replication, brokers);
            int most = missing.values().stream().mapToInt(Replication::factor).max().orElse(0);
            if (most > brokers) {
                throw new UsageException("a replication factor of " + most + " needs at least " + most + " brokers, but "
                        + "the cluster at " + bootstrap + " has " + brokers + " (check --replication-factor)");
            }
            attempted.retainAll(creations.stream().map(NewTopic::name).toList());
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> created : admin.createTopics(creations).values().entrySet()) {
                try {
                    created.getValue().get(30, TimeUnit.SECONDS);
                    Replication made = missing.get(created.getKey());
                    LOG.info("created topic {} (replication factor {}, min.insync.replicas {})", created.getKey(),
                            made.factor(), made.minInSync());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitDescribable(attempted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while creating topics " + names(specs));
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw failures.explain(cause, KafkaFailures.Attempt.CREATE, attempted).orElseGet(() ->
                    new CliException(ExitCodes.RUNTIME_FAILURE, "cannot create topics " + names(specs) + " on " + bootstrap
                    + ": " + cause.getMessage() + " (create them with ./scripts/create-topics.sh or check the ACLs)"));
        }
    }

    /**
     * Returns once the cluster describes each of {@code topics}: the controller acknowledges a creation before the
     * brokers have applied it, and until then they answer for the topic, its configs included, that it does not exist.
     * Any other answer ends the wait; the caller's next request reports it in its own words.
     */
    private void awaitDescribable(List<String> topics) throws InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CREATED_VISIBLE_SECONDS);
        while (true) {
            try {
                admin.describeTopics(topics).allTopicNames().get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    LOG.debug("cannot describe the topics just created {}: {}", topics, e.getCause().toString());
                    return;
                }
            } catch (TimeoutException e) {
                LOG.debug("no description of the topics just created {} within {}s", topics, CREATED_VISIBLE_SECONDS);
            }
            if (remainingMillis(deadline) <= 0) {
                LOG.warn("created topics {}, but the cluster at {} still does not list them after {}s", topics, bootstrap,
                        CREATED_VISIBLE_SECONDS);
                return;
            }
            Thread.sleep(CREATED_VISIBLE_POLL_MILLIS);
        }
    }

    /** A warning for each of {@code topics} with fewer replicas than {@code replication} asks for on this cluster. */
    private void warnUnderReplicated(List<String> topics, Replication replication, int brokers)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (topics.isEmpty() || replication.factor() < 2) {
            return;
        }
        for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
            int factor = factor(topic);
            if (factor < replication.factor()) {
                LOG.warn("topic {} has replication factor {} on a cluster of {} brokers: losing one broker loses its "
                        + "records or stops the pipeline. Give it {} replicas with kafka-reassign-partitions.sh (and "
                        + "min.insync.replicas={}), or delete it and let the tools recreate it", topic.name(), factor,
                        brokers, replication.factor(), replication.minInSync());
            }
        }
    }

    /**
     * How the topics the tools create are replicated: {@code factor} copies of each partition and, from 3 copies on,
     * {@code min.insync.replicas=2}, so an acknowledged write is on two brokers and one broker may be down. Fewer
     * copies get {@code min.insync.replicas=1}, so a cluster-wide default of 2 cannot make them refuse every write.
     */
    public record Replication(int factor, int minInSync) {

        static final int FULL = 3;
        static final int MIN_IN_SYNC = 2;

        /** {@code requested} if given (at least 1), else {@code min(3, brokers)}. */
        public static Replication of(int brokers, OptionalInt requested) {
            int factor = requested.orElse(Math.max(1, Math.min(FULL, brokers)));
            if (factor < 1 || factor > Short.MAX_VALUE) {
                throw new UsageException("--replication-factor must be at least 1, got " + factor);
            }
            return new Replication(factor, factor >= FULL ? MIN_IN_SYNC : 1);
        }

        /** The topic configs this replication sets. */
        public Map<String, String> configs() {
            return Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSync));
        }
    }

    /** Partition count of {@code topic}, or empty when it does not exist. */
    public Optional<Integer> partitions(String topic) {
        return describe(topic).map(t -> t.partitions().size());
    }

    /** The fewest replicas any partition of {@code topic} has, or empty when it does not exist. */
    public Optional<Integer> replicationFactor(String topic) {
        return describe(topic).map(TopicAdmin::factor);
    }

    private static int factor(TopicDescription topic) {
        return topic.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
    }

    private Optional<TopicDescription> describe(String topic) {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic));
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
            throw failures.explain(cause, KafkaFailures.Attempt.DESCRIBE, List.of(topic)).orElseGet(() ->
                    new CliException(ExitCodes.RUNTIME_FAILURE, "cannot read the committed offsets of group " + group
                    + " on " + bootstrap + ": " + cause.getMessage()));
        }
    }

    /**
     * The offset after the last record of {@code topic}'s partition 0 that a read_committed reader may read; empty when
     * the cluster does not say within {@code timeout}, so that the caller's own reader finds out why.
     */
    public OptionalLong readableEnd(String topic, Duration timeout) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try {
            return OptionalLong.of(admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(partition)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.debug("cannot list the end offset of {}: {}", topic, e.toString());
            return OptionalLong.empty();
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
            String why = failures.explain(e, KafkaFailures.Attempt.DESCRIBE_CONFIGS, List.of(topic))
                    .map(Throwable::getMessage).orElse(e.getMessage());
            LOG.warn("cannot read max.message.bytes of {} ({}); assuming {}", topic, why, fallback);
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
