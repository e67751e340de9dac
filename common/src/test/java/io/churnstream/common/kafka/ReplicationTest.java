package io.churnstream.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalInt;

import io.churnstream.common.cli.UsageException;
import io.churnstream.common.kafka.TopicAdmin.Replication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicationTest {

    @ParameterizedTest(name = "{0} broker(s): replication factor {1}")
    @CsvSource({"1, 1", "2, 2", "3, 3", "4, 3", "9, 3"})
    void should_follow_the_cluster_up_to_three_replicas(int brokers, int factor) {
        assertThat(Replication.of(brokers, OptionalInt.empty()).factor()).isEqualTo(factor);
    }

    @Test
    void should_require_two_replicas_in_sync_only_once_there_are_three() {
        assertThat(Replication.of(1, OptionalInt.empty()).configs()).isEqualTo(Map.of("min.insync.replicas", "1"));
        assertThat(Replication.of(2, OptionalInt.empty()).configs()).isEqualTo(Map.of("min.insync.replicas", "1"));
        assertThat(Replication.of(3, OptionalInt.empty()).configs()).isEqualTo(Map.of("min.insync.replicas", "2"));
        assertThat(Replication.of(5, OptionalInt.of(4)).configs()).isEqualTo(Map.of("min.insync.replicas", "2"));
    }

    @Test
    void should_let_the_requested_factor_override_the_cluster() {
        Replication one = Replication.of(3, OptionalInt.of(1));
        assertThat(one.factor()).isEqualTo(1);
        assertThat(one.configs()).as("not the cluster's default of 2, which would refuse every write")
                .isEqualTo(Map.of("min.insync.replicas", "1"));
        assertThat(Replication.of(1, OptionalInt.of(3)).factor()).as("checked against the cluster when creating").isEqualTo(3);
    }

    @Test
    void should_refuse_a_factor_below_one() {
        assertThatThrownBy(() -> Replication.of(3, OptionalInt.of(0))).isInstanceOf(UsageException.class)
                .hasMessage("--replication-factor must be at least 1, got 0");
    }

    @Test
    void should_treat_an_empty_cluster_description_as_one_broker() {
        assertThat(Replication.of(0, OptionalInt.empty()).factor()).isEqualTo(1);
    }
}
