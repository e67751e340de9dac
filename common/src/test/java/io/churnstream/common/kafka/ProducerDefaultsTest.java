package io.churnstream.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerDefaultsTest {

    @Test
    void should_let_the_producer_jars_sends_wait_for_metadata_as_long_as_a_delivery_may_retry() {
        for (Map<String, String> mode : List.of(ProducerDefaults.streaming(), ProducerDefaults.batch())) {
            assertThat(mode.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).isEqualTo(mode.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))
                    .isEqualTo("120000");
        }
    }

    @Test
    void should_keep_the_shorter_wait_for_the_consumers_output_producer_which_retries_whole_polls_itself() {
        assertThat(ProducerDefaults.reliable()).containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    }

    @Test
    void should_not_hold_back_or_compress_a_stream_but_fill_and_compress_batches() {
        assertThat(ProducerDefaults.streaming()).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "0")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none").containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        assertThat(ProducerDefaults.batch()).containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4").containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    }
}
