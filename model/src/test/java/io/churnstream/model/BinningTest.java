package io.churnstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class BinningTest {

    private final Binning tenure = Binning.numeric("tenure", new double[]{2, 6}, new double[]{0.2, 0.3, 0.5}, 0.0);
    private final Binning contract = Binning.categorical("Contract", List.of("Month-to-month", "One year", "Two year"),
            new double[]{0.55, 0.21, 0.24});

    @Test
    void should_close_numeric_bins_on_the_right_and_keep_a_bin_for_missing_values() {
        assertThat(tenure.index(-5.0)).isZero();
        assertThat(tenure.index(2.0)).isZero();
        assertThat(tenure.index(2.5)).isEqualTo(1);
        assertThat(tenure.index(Integer.valueOf(6))).isEqualTo(1);
        assertThat(tenure.index(72.0)).isEqualTo(2);
        assertThat(tenure.index(null)).isEqualTo(3);
        assertThat(tenure.index(Double.NaN)).isEqualTo(3);
        assertThat(tenure.index(Double.NEGATIVE_INFINITY)).isZero();
        assertThat(tenure.index(Double.POSITIVE_INFINITY)).isEqualTo(2);
        assertThat(tenure.bins()).isEqualTo(4);
        assertThat(tenure.expected()).containsExactly(0.2, 0.3, 0.5, 0.0);
    }

    @Test
    void should_put_unknown_categories_in_a_last_bin() {
        assertThat(contract.index("One year")).isEqualTo(1);
        assertThat(contract.index(new String("Two year".toCharArray()))).as("an equal text, not the same one").isEqualTo(2);
        assertThat(contract.index("Three year")).isEqualTo(3);
        assertThat(contract.index(null)).isEqualTo(3);
        assertThat(contract.expected()).containsExactly(0.55, 0.21, 0.24, 0.0);
    }

    @Test
    void should_refuse_inconsistent_profiles() {
        assertThatThrownBy(() -> Binning.numeric("x", new double[]{6, 2}, new double[]{0.2, 0.3, 0.5}, 0))
                .hasMessageContaining("x: bin edges must increase");
        assertThatThrownBy(() -> Binning.numeric("x", new double[]{2, 6}, new double[]{0.5, 0.5}, 0))
                .hasMessageContaining("2 edges need 3 fractions");
        assertThatThrownBy(() -> Binning.categorical("y", List.of("a", "b"), new double[]{0.5, 0.6}))
                .hasMessageContaining("y: shares must add up to 1");
    }
}
