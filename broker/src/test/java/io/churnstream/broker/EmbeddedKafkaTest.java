package io.churnstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    @Test
    void should_stop_waiting_for_the_broker_at_once_and_keep_the_interrupt() {
        String nobody = "localhost:" + KafkaProcess.freePort();
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> EmbeddedKafka.awaitAnswer(EmbeddedKafka.plaintextClient(nobody), Duration.ofSeconds(20)))
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag kept").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            Thread.interrupted();
        }
    }
}
