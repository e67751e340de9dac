package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Report;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InvariantTest {

    private static final TopicPartition P0 = new TopicPartition("in", 0);
    private static final TopicPartition P1 = new TopicPartition("in", 1);

    private static Ledger ids(String... ids) {
        return Ledger.of(List.of(ids));
    }

    @Test
    void should_hold_when_every_input_is_predicted_or_dead_lettered_once() {
        Report r = Invariant.account(ids("a", "b", "c"), ids("a", "c"), ids("b"), Delivery.EXACTLY_ONCE).assertHolds();

        assertThat(r.violations()).isEmpty();
        assertThat(r.predictions()).isEqualTo(2);
        assertThat(r.counts()).isEqualTo("3 inputs, 3 outputs (1 dead letters), 0 duplicates");
    }

    @Test
    void should_report_an_input_missing_from_both_outputs() {
        Report r = Invariant.account(ids("a", "b", "c"), ids("a"), ids("b"), Delivery.AT_LEAST_ONCE);

        assertThat(r.violations()).singleElement().asString().startsWith("1 ids missing").contains("c (in 1, out 0)");
        assertThatThrownBy(r::assertHolds).isInstanceOf(AssertionError.class).hasMessageContaining("ids missing");
    }

    @Test
    void should_count_a_repeated_input_id_once_per_row() {
        Report r = Invariant.account(ids("a", "a", "b"), ids("a", "b"), ids(), Delivery.AT_LEAST_ONCE);

        assertThat(r.violations()).singleElement().asString().contains("a (in 2, out 1)");
    }

    @Test
    void should_tell_repeated_input_ids_apart_from_unique_ones() {
        Invariant.account(ids("a", "b"), ids("a", "b"), ids(), Delivery.EXACTLY_ONCE).assertUniqueInputs();
        Report r = Invariant.account(ids("a", "a", "a", "b"), ids("a", "a", "a", "b"), ids(), Delivery.EXACTLY_ONCE);

        assertThat(r.repeatedInputs()).isEqualTo(2);
        assertThatThrownBy(r::assertUniqueInputs).isInstanceOf(AssertionError.class)
                .hasMessageContaining("2 input records repeat an earlier input's id");
    }

    @Test
    void should_report_an_output_that_was_never_input() {
        Report r = Invariant.account(ids("a"), ids("a"), ids("z"), Delivery.AT_LEAST_ONCE);

        assertThat(r.violations()).singleElement().asString().contains("never input").contains("z (out 1)");
    }

    @Test
    void should_report_an_input_both_predicted_and_dead_lettered() {
        Report r = Invariant.account(ids("a", "b"), ids("a", "b"), ids("b"), Delivery.AT_LEAST_ONCE);

        assertThat(r.violations()).singleElement().asString().contains("both predicted and dead-lettered")
                .contains("b (1 predictions, 1 dead letters)");
    }

    @Test
    void should_count_but_allow_duplicates_at_least_once_up_to_the_caller_bound() {
        Report r = Invariant.account(ids("a", "b"), ids("a", "a", "a", "b"), ids(), Delivery.AT_LEAST_ONCE).assertHolds();

        assertThat(r.duplicates()).isEqualTo(2);
        r.assertDuplicatesAtMost(2);
        assertThatThrownBy(() -> r.assertDuplicatesAtMost(1)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("2 duplicate outputs, more than the 1 allowed");
    }

    @Test
    void should_report_any_duplicate_under_exactly_once() {
        Report r = Invariant.account(ids("a", "b"), ids("a", "b"), ids("b"), Delivery.EXACTLY_ONCE);

        assertThat(r.violations()).anySatisfy(v -> assertThat(v).contains("more often than input").contains("b (in 1, out 2)"));
    }

    @Test
    void should_compare_a_single_hop_such_as_the_producers() {
        assertThat(Invariant.delivered(ids("r1", "r2"), ids("r2", "r1"), Delivery.EXACTLY_ONCE).violations()).isEmpty();
        assertThat(Invariant.delivered(ids("r1", "r2"), ids("r2", "r2"), Delivery.AT_LEAST_ONCE).violations())
                .singleElement().asString().contains("r1 (in 1, out 0)");
    }

    @Test
    void should_accept_committed_offsets_at_the_log_end_or_just_before_trailing_markers() {
        assertThat(Invariant.committedToEnd(Map.of(P0, 10L, P1, 4L), Map.of(P0, 10L, P1, 4L), Map.of(P0, 10L, P1, 5L))).isEmpty();
        assertThat(Invariant.committedToEnd(Map.of(P0, 10L), Map.of(P0, 11L), Map.of(P0, 11L, P1, 0L))).isEmpty();
    }

    @Test
    void should_report_a_partition_committed_short_of_its_records_past_its_end_or_not_at_all() {
        List<String> v = Invariant.committedToEnd(Map.of(P0, 10L, P1, 4L), Map.of(P0, 9L), Map.of(P0, 10L, P1, 4L));
        assertThat(v).containsExactly("in-0: committed 9, but records are readable up to 10 (log end 10)",
                "in-1: committed nothing, but records are readable up to 4 (log end 4)");
        assertThat(Invariant.committedToEnd(Map.of(P0, 10L), Map.of(P0, 12L), Map.of(P0, 10L))).hasSize(1);
    }
}
