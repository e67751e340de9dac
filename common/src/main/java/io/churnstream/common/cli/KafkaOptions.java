package io.churnstream.common.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.churnstream.common.kafka.KafkaSettings;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/** The Kafka connection options shared by every command, as a picocli mixin. */
public final class KafkaOptions {

    @Option(names = {"--bootstrap-servers", "--broker"}, paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS, else " + KafkaSettings.DEFAULT_BOOTSTRAP + ").")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties file (e.g. SASL/SSL settings).")
    Path kafkaConfig;

    @Option(names = "-X", paramLabel = "KEY=VALUE",
            description = "Kafka client setting, repeatable. Precedence: tool defaults < --kafka-config < -X < flags.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the broker at start-up in seconds.")
    int connectTimeoutSeconds;

    /** The layered settings: {@code toolDefaults} < file < -X < flags. */
    public KafkaSettings settings(Map<String, String> toolDefaults) {
        return settings(toolDefaults, Map.of());
    }

    /** As {@link #settings(Map)}, with the values of the command's own flags ({@code null} = flag not given) on top. */
    public KafkaSettings settings(Map<String, String> toolDefaults, Map<String, String> commandFlags) {
        KafkaSettings.Builder builder = KafkaSettings.builder()
                .defaults(toolDefaults)
                .propertiesFile(kafkaConfig)
                .overrides(overrides)
                .flag(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        commandFlags.forEach(builder::flag);
        return builder.build();
    }

    public java.time.Duration connectTimeout() {
        return java.time.Duration.ofSeconds(connectTimeoutSeconds);
    }
}
