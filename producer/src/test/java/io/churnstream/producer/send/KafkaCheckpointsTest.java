package io.churnstream.producer.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.churnstream.common.checkpoint.Checkpoint;
import io.churnstream.common.checkpoint.FileIdentity;
import io.churnstream.common.cli.UsageException;
import org.junit.jupiter.api.Test;

class KafkaCheckpointsTest {

    private static final FileIdentity INPUT = FileIdentity.ofName("generator:seed=1,rows=10", 10);

    @Test
    void should_derive_a_stable_transactional_id_per_input_and_topic() {
        String id = KafkaCheckpoints.defaultTransactionalId(INPUT, "a");

        assertThat(id).startsWith("churnstream-producer-").isEqualTo(KafkaCheckpoints.defaultTransactionalId(INPUT, "a"));
        assertThat(KafkaCheckpoints.defaultTransactionalId(INPUT, "b")).isNotEqualTo(id);
        assertThat(KafkaCheckpoints.defaultTransactionalId(FileIdentity.ofName("generator:seed=2,rows=10", 10), "a"))
                .isNotEqualTo(id);
    }

    @Test
    void should_resume_from_a_position_of_the_same_input_and_topic_only() {
        Checkpoint committed = Checkpoint.of(INPUT, "a", 7);

        assertThat(KafkaCheckpoints.resumeRow(committed, "txn", INPUT, "a")).isEqualTo(7);
        assertThatThrownBy(() -> KafkaCheckpoints.resumeRow(committed, "txn", INPUT, "b"))
                .isInstanceOf(UsageException.class).hasMessageContaining("transactional id txn")
                .hasMessageContaining("to topic a, not to b").hasMessageContaining("--transactional-id");
    }
}
