package io.churnstream.common;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plain kafka-clients plumbing for integration and fault tests: create, reconfigure and delete topics, write records,
 * read whole topics back, and compare a group's committed offsets with the log end. Reading never creates a topic.
 */
public final class TopicIO {

    /** The id under which records without a key are counted. */
    public static final String NULL_KEY = "<null>";

    private static final long TIMEOUT_SECONDS = 30;
    private static final long READ_TIMEOUT_SECONDS = 90;

    private final Properties client;

    public TopicIO(String bootstrap) {
        client = new Properties();
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    }

    /** On a secured broker: {@code clientSettings} hold the address and the credentials (e.g. an admin's). */
    public TopicIO(Properties clientSettings) {
        client = new Properties();
        client.putAll(clientSettings);
    }

    public void create(String topic, int partitions, Map<String, String> configs) throws Exception {
        create(topic, partitions, 1, configs);
    }

    /** A topic with {@code replicas} copies of each partition; {@code configs} such as {@code min.insync.replicas}. */
    public void create(String topic, int partitions, int replicas, Map<String, String> configs) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replicas).configs(configs)))
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    public void delete(String topic) throws Exception {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Sets one topic config, such as {@code max.message.bytes}, on a live topic. */
    public void setConfig(String topic, String key, String value) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = admin()) {
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(key, value),
                    AlterConfigOp.OpType.SET)))).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The topic's partitions and their replicas, or empty when it does not exist. */
    public Optional<TopicDescription> describe(String topic) throws Exception {
        try (Admin admin = admin()) {
            return Optional.ofNullable(admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The value of one config of {@code topic}, as the broker reports it (its default when not set on the topic). */
    public String config(String topic, String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = admin()) {
            return admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource)
                    .get(key).value();
        }
    }

    public boolean exists(String topic) throws Exception {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic);
        }
    }

    /**
     * Sends every record and waits for all acknowledgements. One request in flight: on a topic created a moment ago,
     * a first request refused with NOT_LEADER_OR_FOLLOWER while a later one is appended would otherwise be retried
     * with OUT_OF_ORDER_SEQUENCE_NUMBER until it times out (KAFKA-15591).
     */
    public void send(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties p = settings();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : records) {
                acks.add(producer.send(r));
            }
            for (Future<?> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Every record of {@code topic}, read from the beginning to the end offsets as of the call; none if it does not exist. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean readCommitted) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(readerProps(readCommitted), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(TIMEOUT_SECONDS));
            if (infos == null || infos.isEmpty()) {
                return out;
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(TIMEOUT_SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READ_TIMEOUT_SECONDS);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + READ_TIMEOUT_SECONDS + " s");
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** How many records of {@code partition} between offsets {@code from} and {@code to} a read_committed reader sees. */
    public long readable(TopicPartition partition, long from, long to) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(readerProps(true), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.assign(List.of(partition));
            c.seek(partition, from);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READ_TIMEOUT_SECONDS);
            long seen = 0;
            while (c.position(partition, Duration.ofSeconds(TIMEOUT_SECONDS)) < to) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + partition + " up to " + to + " within " + READ_TIMEOUT_SECONDS + " s");
                }
                seen += c.poll(Duration.ofMillis(200)).records(partition).stream().filter(r -> r.offset() < to).count();
            }
            return seen;
        }
    }

    /** How often each key occurs in {@code topic}. */
    public Map<String, Integer> keyCounts(String topic, boolean readCommitted) {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(topic, readCommitted)) {
            counts.merge(key(r), 1, Integer::sum);
        }
        return counts;
    }

    /** The log end offset of every partition of {@code topic} (transaction markers included). */
    public Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    /** The offsets {@code group} committed on {@code topic}; partitions it never committed are absent. */
    public Map<TopicPartition, Long> committedOffsets(String group, String topic) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((tp, om) -> {
                        if (tp.topic().equals(topic) && om != null) {
                            out.put(tp, om.offset());
                        }
                    });
            return out;
        }
    }

    /** The input partitions of each member of {@code group}, by client id, as the group coordinator assigned them. */
    public Map<String, Set<TopicPartition>> assignments(String group) throws Exception {
        try (Admin admin = admin()) {
            Map<String, Set<TopicPartition>> out = new HashMap<>();
            admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .members().forEach(m -> out.put(m.clientId(), m.assignment().topicPartitions()));
            return out;
        }
    }

    /** The id of the broker that coordinates {@code group}. */
    public int coordinator(String group) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).coordinator().id();
        }
    }

    public static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? NULL_KEY : new String(r.key(), StandardCharsets.UTF_8);
    }

    private Properties readerProps(boolean readCommitted) {
        Properties p = settings();
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "topic-io-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        return p;
    }

    private Admin admin() {
        return Admin.create(settings());
    }

    private Properties settings() {
        Properties p = new Properties();
        p.putAll(client);
        return p;
    }
}
