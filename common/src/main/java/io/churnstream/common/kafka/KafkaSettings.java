package io.churnstream.common.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import io.churnstream.common.cli.UsageException;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Kafka client configuration layered the way Kafka's own tools do it, lowest precedence first:
 * tool defaults, then the {@code --kafka-config} properties file, then {@code -X key=value}, then explicit flags.
 * The bootstrap address falls back to {@code KAFKA_BOOTSTRAP_SERVERS}, then {@value #DEFAULT_BOOTSTRAP}.
 */
public final class KafkaSettings {

    public static final String DEFAULT_BOOTSTRAP = "localhost:19092";
    public static final String ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";

    private final Map<String, String> values;

    private KafkaSettings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return values.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** A fresh copy for a client constructor, with {@code extra} on top (e.g. a client id). */
    public Properties toProperties(Map<String, ?> extra) {
        Properties p = new Properties();
        p.putAll(values);
        p.putAll(extra);
        return p;
    }

    public Properties toProperties() {
        return toProperties(Map.of());
    }

    /**
     * Properties for one kind of client in a tool that runs several (the consumer runs a consumer and a producer):
     * the keys {@code knownKeys} holds, then {@code <prefix>.key} entries with the prefix removed (so
     * {@code -X producer.linger.ms=10} reaches only the producer), then {@code extra}.
     */
    public Properties forClient(String prefix, Set<String> knownKeys, Map<String, ?> extra) {
        Properties p = new Properties();
        String scoped = prefix + ".";
        values.forEach((k, v) -> {
            if (knownKeys.contains(k)) {
                p.put(k, v);
            }
        });
        values.forEach((k, v) -> {
            if (k.startsWith(scoped)) {
                p.put(k.substring(scoped.length()), v);
            }
        });
        p.putAll(extra);
        return p;
    }

    /** The settings with secrets masked, sorted, for logs and {@code --help}-style listings. */
    public String describe() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((k, v) -> shown.put(k, Secrets.isSecret(k, v) ? Secrets.MASK : v));
        return shown.toString();
    }

    /** Collects the layers; {@link #build()} merges them in precedence order. */
    public static final class Builder {
        private final Map<String, String> defaults = new LinkedHashMap<>();
        private final Map<String, String> file = new LinkedHashMap<>();
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final Map<String, String> flags = new LinkedHashMap<>();
        private Map<String, String> env = System.getenv();

        private Builder() {
        }

        /** Tool defaults: the weakest layer. */
        public Builder defaults(Map<String, String> values) {
            defaults.putAll(values);
            return this;
        }

        public Builder propertiesFile(Path path) {
            if (path == null) {
                return this;
            }
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (NoSuchFileException e) {
                throw new UsageException("Kafka config file " + path + " does not exist: check --kafka-config");
            } catch (IOException e) {
                throw new UsageException("cannot read Kafka config file " + path + ": " + e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> file.put(k, p.getProperty(k).trim()));
            return this;
        }

        /** {@code -X key=value} pairs. */
        public Builder overrides(Map<String, String> values) {
            if (values != null) {
                values.forEach((k, v) -> overrides.put(k.trim(), v.trim()));
            }
            return this;
        }

        /** A value given by a dedicated flag (e.g. {@code --bootstrap-servers}); null means the flag was not given. */
        public Builder flag(String key, String value) {
            if (value != null) {
                flags.put(key, value);
            }
            return this;
        }

        Builder environment(Map<String, String> environment) {
            this.env = environment;
            return this;
        }

        public KafkaSettings build() {
            Map<String, String> merged = new LinkedHashMap<>();
            String envBootstrap = env.get(ENV_BOOTSTRAP);
            merged.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    envBootstrap == null || envBootstrap.isBlank() ? DEFAULT_BOOTSTRAP : envBootstrap.trim());
            merged.putAll(defaults);
            merged.putAll(file);
            merged.putAll(overrides);
            merged.putAll(flags);
            merged.forEach(Secrets::remember);
            return new KafkaSettings(merged);
        }
    }
}
