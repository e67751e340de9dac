package io.churnstream.systemtests;

import java.nio.file.Path;

import io.churnstream.broker.KafkaProcess;
import io.churnstream.common.TopicIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A broker process of the test class's own (the faults kill and stop it), with its data under {@link #dir}. */
abstract class OwnBroker {

    @TempDir
    static Path dir;

    static KafkaProcess kafka;
    static TopicIO topics;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaProcess.start(dir.resolve("kafka"));
        topics = new TopicIO(kafka.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
