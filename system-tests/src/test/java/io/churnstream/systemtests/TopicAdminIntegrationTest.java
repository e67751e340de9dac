package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.KafkaProcess;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import io.churnstream.common.kafka.BrokerUnreachableException;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.TopicAdmin;
import io.churnstream.common.kafka.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class TopicAdminIntegrationTest {

    @Test
    void should_create_missing_topics_idempotently(TestBroker broker) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<Topics.Spec> specs = Topics.pipeline("raw-" + suffix, "pred-" + suffix, "dlq-" + suffix);
        KafkaSettings settings = KafkaSettings.builder().flag("bootstrap.servers", broker.bootstrapServers()).build();
        try (TopicAdmin admin = TopicAdmin.create(settings)) {
            admin.awaitReachable(Duration.ofSeconds(30));
            admin.ensureTopics(specs);
            admin.ensureTopics(specs);
            assertThat(admin.partitions("raw-" + suffix)).contains(3);
            assertThat(admin.partitions("dlq-" + suffix)).contains(1);
            assertThat(admin.partitions("absent-" + suffix)).isEmpty();
        }
    }

    @Test
    void should_create_a_topic_with_the_configs_of_its_spec(TestBroker broker) throws Exception {
        String name = "compacted-" + UUID.randomUUID().toString().substring(0, 8);
        try (TopicAdmin admin = TopicAdmin.create(settings(broker))) {
            admin.ensureTopics(List.of(new Topics.Spec(name, 1,
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));

            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);
            Config config = admin.admin().describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(admin.partitions(name)).contains(1);
        }
    }

    @Test
    void should_return_only_once_the_created_topics_can_be_described(TestBroker broker) throws Exception {
        String prefix = "fresh-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        try (TopicAdmin admin = TopicAdmin.create(settings(broker))) {
            for (int i = 0; i < 20; i++) {
                String name = prefix + i;
                admin.ensureTopics(List.of(new Topics.Spec(name, 1)));

                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);
                assertThat(admin.admin().describeConfigs(List.of(topic)).all().get().get(topic)).as(name).isNotNull();
                assertThat(admin.partitions(name)).as(name).contains(1);
            }
        }
    }

    @Test
    void should_create_a_topic_with_the_replication_factor_of_its_spec(TestBroker broker) throws Exception {
        String name = "replicated-" + UUID.randomUUID().toString().substring(0, 8);
        try (TopicAdmin admin = TopicAdmin.create(settings(broker))) {
            int brokers = admin.admin().describeCluster().nodes().get().size();
            admin.ensureTopics(List.of(new Topics.Spec(name, 2, 1, Map.of())));
            assertThat(admin.admin().describeTopics(List.of(name)).allTopicNames().get().get(name).partitions())
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(1));

            assertThatThrownBy(() -> admin.ensureTopics(List.of(new Topics.Spec(name + "-more", 1, brokers + 1, Map.of()))))
                    .as("more replicas than brokers").isInstanceOf(CliException.class).hasMessageContaining("replication factor");
        }
    }

    @Test
    void should_stop_with_exit_130_and_keep_the_interrupt_when_interrupted(TestBroker broker) {
        try (TopicAdmin admin = TopicAdmin.create(settings(broker))) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> admin.awaitReachable(Duration.ofSeconds(30))).isInstanceOf(CliException.class)
                    .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.INTERRUPTED));
            assertThat(Thread.interrupted()).as("interrupt kept").isTrue();

            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> admin.ensureTopics(List.of(new Topics.Spec("t-" + UUID.randomUUID(), 1))))
                    .isInstanceOf(CliException.class)
                    .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.INTERRUPTED));
            assertThat(Thread.interrupted()).as("interrupt kept").isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private static KafkaSettings settings(TestBroker broker) {
        return KafkaSettings.builder().flag("bootstrap.servers", broker.bootstrapServers()).build();
    }

    @Test
    void should_fail_fast_with_a_clear_message_when_no_broker_answers() {
        KafkaSettings settings = KafkaSettings.builder()
                .flag("bootstrap.servers", "localhost:" + KafkaProcess.freePort())
                .defaults(Map.of())
                .build();
        long start = System.nanoTime();
        try (TopicAdmin admin = TopicAdmin.create(settings)) {
            assertThatThrownBy(() -> admin.awaitReachable(Duration.ofSeconds(3)))
                    .isInstanceOf(BrokerUnreachableException.class)
                    .hasMessageStartingWith("cannot reach Kafka at localhost:")
                    .hasMessageContaining("within 3s")
                    .satisfies(e -> assertThat(((BrokerUnreachableException) e).exitCode()).isEqualTo(ExitCodes.BROKER_UNREACHABLE));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
}
