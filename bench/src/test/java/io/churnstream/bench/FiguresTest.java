package io.churnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertThat(Figures.median(List.of(5, 1, 3))).isEqualTo(3.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Figures.median(List.of(4.0, 1.0, 3.0, 10.0))).isEqualTo(3.5);
    }

    @Test
    void medianLeavesOutMissingValuesAndIsNullWithoutAny() {
        assertThat(Figures.median(Arrays.asList(null, 7, null))).isEqualTo(7.0);
        assertThat(Figures.median(Arrays.asList((Integer) null))).isNull();
        assertThat(Figures.median(List.of())).isNull();
    }

    @Test
    void ratioRoundsToThreeDecimals() {
        assertThat(Figures.ratio(2, 3)).isEqualTo(0.667);
    }

    @Test
    void ratioIsNullWhenEitherSideIsMissingOrTheDivisorIsZero() {
        assertThat(Figures.ratio(null, 3)).isNull();
        assertThat(Figures.ratio(3, null)).isNull();
        assertThat(Figures.ratio(3, 0)).isNull();
    }

    @Test
    void maxIgnoresMissingValues() {
        assertThat(Figures.max(Arrays.asList(3.0, null, 9.5))).isEqualTo(9.5);
        assertThat(Figures.max(Arrays.asList((Double) null))).isNull();
    }

    @Test
    void objKeepsTheOrderOfItsKeysAndAcceptsNulls() {
        assertThat(Figures.obj("b", 1, "a", null).keySet()).containsExactly("b", "a");
        assertThatThrownBy(() -> Figures.obj("lonely")).isInstanceOf(IllegalArgumentException.class);
    }
}
