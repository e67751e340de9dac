package io.churnstream.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives integration tests a {@link TestBroker}, shared by every test of the JVM, chosen in this order:
 * {@code KAFKA_BOOTSTRAP_SERVERS} set: that broker; else a reachable Docker: Testcontainers Redpanda;
 * else the broker module's real Kafka as a child process.
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    static final String ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";
    static final String REDPANDA_IMAGE = "redpandadata/redpanda:v24.2.4";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedBroker.class, k -> SharedBroker.choose(), SharedBroker.class);
    }

    private static final class SharedBroker implements TestBroker, ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final String bootstrap;
        private final String kind;
        private final AutoCloseable owned;

        private SharedBroker(String bootstrap, String kind, AutoCloseable owned) {
            this.bootstrap = bootstrap;
            this.kind = kind;
            this.owned = owned;
        }

        static SharedBroker choose() {
            String external = System.getenv(ENV_BOOTSTRAP);
            SharedBroker broker;
            if (external != null && !external.isBlank()) {
                broker = new SharedBroker(external.trim(), "external", () -> { });
            } else if (dockerLikelyAvailable() && RedpandaBroker.dockerAvailable()) {
                RedpandaBroker redpanda = RedpandaBroker.start(REDPANDA_IMAGE);
                broker = new SharedBroker(redpanda.bootstrapServers(), "redpanda", redpanda);
            } else {
                KafkaProcess kafka = KafkaProcess.start(tempDir());
                broker = new SharedBroker(kafka.bootstrapServers(), "local-kafka", kafka);
            }
            LOG.info("integration tests use the {} broker at {}", broker.kind, broker.bootstrap);
            System.err.println("[churnstream] integration tests use the " + broker.kind + " broker at " + broker.bootstrap);
            return broker;
        }

        private static boolean dockerLikelyAvailable() {
            return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        }

        private static Path tempDir() {
            try {
                return Files.createTempDirectory("churnstream-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String bootstrapServers() {
            return bootstrap;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public void close() throws Exception {
            owned.close();
        }
    }
}
