package io.churnstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;

import io.churnstream.common.cli.UsageException;
import io.churnstream.common.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

class GroupProtocolsTest {

    /** What an operator tuning the classic protocol passes, on top of the consumer's defaults. */
    private static final Map<String, String> CLASSIC_TUNING = Map.of(
            "consumer.session.timeout.ms", "6000",
            "consumer.heartbeat.interval.ms", "1000",
            "partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");

    @Test
    void should_start_the_consumer_protocol_despite_classic_only_settings() {
        Properties props = consumerProps("consumer", CLASSIC_TUNING);
        assertThatThrownBy(() -> new KafkaConsumer<>(copy(props), new ByteArrayDeserializer(), new ByteArrayDeserializer()))
                .as("what the Kafka client does without the fit").isInstanceOf(ConfigException.class);

        Properties fitted = GroupProtocols.fit(props);

        assertThat(fitted).doesNotContainKeys("session.timeout.ms", "heartbeat.interval.ms", "partition.assignment.strategy");
        new KafkaConsumer<>(fitted, new ByteArrayDeserializer(), new ByteArrayDeserializer()).close();
    }

    @Test
    void should_keep_the_classic_settings_under_the_classic_protocol() {
        Properties fitted = GroupProtocols.fit(consumerProps("classic", CLASSIC_TUNING));

        assertThat(fitted).containsEntry("session.timeout.ms", "6000").containsEntry("heartbeat.interval.ms", "1000");
        new KafkaConsumer<>(fitted, new ByteArrayDeserializer(), new ByteArrayDeserializer()).close();
    }

    @Test
    void should_drop_the_remote_assignor_under_the_classic_protocol() {
        Properties fitted = GroupProtocols.fit(consumerProps("classic", Map.of("group.remote.assignor", "range")));

        assertThat(fitted).doesNotContainKey("group.remote.assignor");
        new KafkaConsumer<>(fitted, new ByteArrayDeserializer(), new ByteArrayDeserializer()).close();
    }

    @Test
    void should_start_both_protocols_from_the_defaults_alone() {
        for (String protocol : new String[]{"classic", "consumer"}) {
            Properties fitted = GroupProtocols.fit(consumerProps(protocol, Map.of()));
            assertThat(GroupProtocols.of(fitted)).isEqualTo(GroupProtocol.valueOf(protocol.toUpperCase()));
            new KafkaConsumer<>(fitted, new ByteArrayDeserializer(), new ByteArrayDeserializer()).close();
        }
    }

    @Test
    void should_default_to_the_documented_protocol_and_refuse_an_unknown_one() {
        Properties defaults = KafkaSettings.builder().defaults(ClientDefaults.all(false)).build()
                .forClient("consumer", ConsumerConfig.configNames(), Map.of());
        assertThat(GroupProtocols.of(defaults).name()).isEqualToIgnoringCase(GroupProtocols.DEFAULT);

        assertThatThrownBy(() -> GroupProtocols.of(consumerProps("streams", Map.of())))
                .isInstanceOf(UsageException.class).hasMessage("group.protocol must be classic or consumer, got 'streams'");
    }

    private static Properties consumerProps(String protocol, Map<String, String> overrides) {
        return KafkaSettings.builder().defaults(ClientDefaults.all(false)).overrides(overrides)
                .flag("bootstrap.servers", "localhost:9")
                .flag(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol).build()
                .forClient("consumer", ConsumerConfig.configNames(), Map.of());
    }

    private static Properties copy(Properties props) {
        Properties copy = new Properties();
        copy.putAll(props);
        return copy;
    }
}
