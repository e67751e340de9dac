package io.churnstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real 3-node cluster: replication, failover and recovery through the {@link LocalCluster} test API. */
class LocalClusterIntegrationTest {

    private static final Duration FAILOVER = Duration.ofSeconds(90);
    private static final Duration IN_SYNC = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void should_keep_acknowledged_writes_through_a_leader_kill_a_pause_and_a_graceful_stop() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(3, dir.resolve("cluster"));
             Admin admin = admin(cluster.bootstrapServers())) {
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
            assertThat(brokerConfig(admin, "default.replication.factor")).isEqualTo("3");
            assertThat(brokerConfig(admin, "min.insync.replicas")).isEqualTo("2");
            admin.createTopics(List.of(new NewTopic("failover", Optional.of(1), Optional.empty())
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(60, TimeUnit.SECONDS);
            TopicPartition tp = new TopicPartition("failover", 0);
            TopicDescription described = admin.describeTopics(List.of("failover")).allTopicNames().get().get("failover");
            assertThat(described.partitions().get(0).replicas()).hasSize(3);

            List<String> sent = new ArrayList<>();
            try (KafkaProducer<String, String> producer = producer(cluster.bootstrapServers())) {
                sent.addAll(send(producer, "before", 50));

                LocalCluster.Node killed = cluster.leaderOf(tp).orElseThrow();
                killed.kill();
                assertThat(killed.isAlive()).isFalse();
                LocalCluster.Node second = awaitLeaderOtherThan(cluster, tp, killed);
                sent.addAll(send(producer, "after-kill", 50));

                killed.restart();
                cluster.awaitFullIsr(IN_SYNC);
                assertThat(isr(admin, tp)).hasSize(3);

                second.pause();
                awaitLeaderOtherThan(cluster, tp, second);
                sent.addAll(send(producer, "while-paused", 50));
                second.resume();
                cluster.awaitFullIsr(IN_SYNC);

                LocalCluster.Node stopped = cluster.leaderOf(tp).orElseThrow();
                assertThat(stopped.stop()).as("graceful stop of %s", stopped).isZero();
                awaitLeaderOtherThan(cluster, tp, stopped);
                sent.addAll(send(producer, "after-stop", 50));
                stopped.restart();
                cluster.awaitFullIsr(IN_SYNC);
            }

            assertThat(BrokerIntegrationTest.consumeAll(cluster.bootstrapServers(), "failover", sent.size()))
                    .containsExactlyElementsOf(sent);
        }
    }

    private static LocalCluster.Node awaitLeaderOtherThan(LocalCluster cluster, TopicPartition tp, LocalCluster.Node old) {
        return await().atMost(FAILOVER).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> cluster.leaderOf(tp), leader -> leader.isPresent() && leader.get() != old).orElseThrow();
    }

    /** Sends {@code count} values with acks=all and returns them once every one is acknowledged. */
    private static List<String> send(KafkaProducer<String, String> producer, String prefix, int count) throws Exception {
        List<String> values = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(prefix + "-" + i);
            acks.add(producer.send(new ProducerRecord<>("failover", "k", prefix + "-" + i)));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(2, TimeUnit.MINUTES);
        }
        return values;
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(props);
    }

    private static String brokerConfig(Admin admin, String name) throws Exception {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
        Config config = admin.describeConfigs(List.of(broker)).all().get(60, TimeUnit.SECONDS).get(broker);
        return config.get(name).value();
    }

    private static Collection<?> isr(Admin admin, TopicPartition tp) throws Exception {
        return admin.describeTopics(List.of(tp.topic())).allTopicNames().get(60, TimeUnit.SECONDS).get(tp.topic())
                .partitions().get(tp.partition()).isr();
    }
}
