package io.churnstream.systemtests;

import java.nio.file.Path;

/** The fat jars under test, as the reactor builds them before this module. */
final class Jars {

    static final Path PRODUCER = Path.of("..", "producer", "target", "producer.jar");
    static final Path CONSUMER = Path.of("..", "consumer", "target", "consumer.jar");

    private Jars() {
    }
}
