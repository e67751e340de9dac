package io.churnstream.common.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TallyTest {

    @Test
    void should_be_clean_when_every_input_has_exactly_one_output() {
        Tally tally = Tally.of(Map.of("a", 1, "b", 1, "c", 1), Map.of("a", 1, "b", 1), Map.of("c", 1));

        assertThat(tally).isEqualTo(new Tally(3, 2, 1, 0, 0));
        assertThat(tally.clean()).isTrue();
        assertThat(tally).hasToString("in=3 predicted=2 dead-lettered=1 lost=0 duplicated=0");
    }

    @Test
    void should_count_missing_and_extra_outputs_per_key() {
        Tally tally = Tally.of(Map.of("a", 1, "b", 1, "c", 2), Map.of("a", 2, "c", 1), Map.of("x", 1));

        assertThat(tally.lost()).as("b, and the second c").isEqualTo(2);
        assertThat(tally.duplicated()).as("the second a, and x that was never input").isEqualTo(2);
        assertThat(tally.clean()).isFalse();
    }

    @Test
    void should_need_as_many_outputs_as_a_repeated_input_key() {
        assertThat(Tally.of(Map.of("a", 2), Map.of("a", 1), Map.of("a", 1)).clean()).isTrue();
        assertThat(Tally.of(Map.of("a", 2), Map.of("a", 1), Map.of()).lost()).isEqualTo(1);
    }
}
