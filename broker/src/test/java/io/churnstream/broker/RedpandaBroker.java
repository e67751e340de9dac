package io.churnstream.broker;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.redpanda.RedpandaContainer;

/** Redpanda in Docker, used only where a Docker engine answers. */
final class RedpandaBroker implements AutoCloseable {

    private final RedpandaContainer container;

    private RedpandaBroker(RedpandaContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static RedpandaBroker start(String image) {
        RedpandaContainer container = new RedpandaContainer(image);
        container.start();
        return new RedpandaBroker(container);
    }

    String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
