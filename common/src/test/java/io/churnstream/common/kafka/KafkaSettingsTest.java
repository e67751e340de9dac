package io.churnstream.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.churnstream.common.cli.UsageException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {

    @TempDir
    Path dir;

    @Test
    void should_layer_defaults_then_file_then_overrides_then_flags() throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"),
                "bootstrap.servers=file:9092\nlinger.ms=50\ncompression.type=gzip\nacks=1\n");
        KafkaSettings settings = KafkaSettings.builder()
                .environment(Map.of())
                .defaults(Map.of("linger.ms", "10", "batch.size", "16384", "acks", "all"))
                .propertiesFile(file)
                .overrides(Map.of("compression.type", "lz4", "bootstrap.servers", "x:1"))
                .flag("bootstrap.servers", "flag:9092")
                .build();

        assertThat(settings.asMap())
                .containsEntry("batch.size", "16384")
                .containsEntry("linger.ms", "50")
                .containsEntry("acks", "1")
                .containsEntry("compression.type", "lz4");
        assertThat(settings.bootstrapServers()).isEqualTo("flag:9092");
    }

    @Test
    void should_take_bootstrap_from_the_environment_then_the_default() {
        assertThat(KafkaSettings.builder().environment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:1")).build().bootstrapServers())
                .isEqualTo("env:1");
        assertThat(KafkaSettings.builder().environment(Map.of()).build().bootstrapServers()).isEqualTo("localhost:19092");
        assertThat(KafkaSettings.builder().environment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:1"))
                .overrides(Map.of("bootstrap.servers", "x:2")).build().bootstrapServers()).isEqualTo("x:2");
    }

    @Test
    void should_mask_secrets_when_described() {
        KafkaSettings settings = KafkaSettings.builder().environment(Map.of())
                .overrides(Map.of("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";",
                        "ssl.truststore.password", "s3cret", "security.protocol", "SASL_SSL"))
                .build();
        String described = settings.describe();
        assertThat(described).doesNotContain("hunter2").doesNotContain("s3cret").contains("SASL_SSL").contains("sasl.jaas.config=********");
        assertThat(settings.toProperties().getProperty("ssl.truststore.password")).isEqualTo("s3cret");
    }

    @Test
    void should_mask_a_jaas_line_under_a_key_nobody_expected_and_remember_it_for_every_output() {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"typo-pw-4711\";";
        KafkaSettings settings = KafkaSettings.builder().environment(Map.of())
                .overrides(Map.of("sasl.jaas.confg", jaas, "client.id", "shown"))
                .build();

        assertThat(settings.describe()).contains("sasl.jaas.confg=********").contains("client.id=shown")
                .doesNotContain("typo-pw-4711");
        assertThat(Secrets.mask("a log line quoting " + jaas)).isEqualTo("a log line quoting ********");
    }

    @Test
    void should_explain_a_missing_config_file() {
        assertThatThrownBy(() -> KafkaSettings.builder().propertiesFile(dir.resolve("nope.properties")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("nope.properties does not exist");
    }

    @Test
    void should_give_each_client_only_its_own_keys_and_let_prefixed_keys_win() {
        KafkaSettings settings = KafkaSettings.builder()
                .environment(Map.of())
                .defaults(Map.of("linger.ms", "5", "max.poll.records", "500", "security.protocol", "SSL"))
                .overrides(Map.of("producer.linger.ms", "50", "consumer.max.poll.records", "1000"))
                .build();
        Properties producer = settings.forClient("producer",
                ProducerConfig.configNames(), Map.of("client.id", "p"));
        Properties consumer = settings.forClient("consumer",
                ConsumerConfig.configNames(), Map.of());

        assertThat(producer).containsEntry("linger.ms", "50").containsEntry("security.protocol", "SSL")
                .containsEntry("client.id", "p").doesNotContainKey("max.poll.records")
                .doesNotContainKey("producer.linger.ms").doesNotContainKey("consumer.max.poll.records");
        assertThat(consumer).containsEntry("max.poll.records", "1000").containsEntry("security.protocol", "SSL")
                .doesNotContainKey("linger.ms");
    }
}
