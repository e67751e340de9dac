package io.churnstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ClientDefaultsTest {

    @Test
    void should_send_a_streams_outputs_at_once_and_uncompressed_and_a_batchs_lingering_and_compressed() {
        assertThat(ClientDefaults.all(true)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "0")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none")
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        assertThat(ClientDefaults.all(false)).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    }

    @Test
    void should_keep_durability_in_both_modes() {
        for (boolean streaming : new boolean[]{true, false}) {
            assertThat(ClientDefaults.all(streaming)).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                    .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        }
    }
}
