package io.churnstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PsiTest {

    @Test
    void should_be_zero_for_identical_distributions() {
        double[] shares = {0.1, 0.25, 0.4, 0.25};
        assertThat(Psi.of(shares, shares.clone())).isEqualTo(0.0);
        assertThat(Psi.of(shares, new int[]{100, 250, 400, 250}, 1000)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void should_match_worked_examples() {
        // (0.4 - 0.5) ln(0.4 / 0.5) + (0.6 - 0.5) ln(0.6 / 0.5) = 0.022314 + 0.018232
        assertThat(Psi.of(new double[]{0.5, 0.5}, new double[]{0.4, 0.6})).isCloseTo(0.040547, within(1e-6));
        // a quarter of the population moves from the middle bin to the first: 0.25 ln 2 + 0.25 ln 2 = 0.5 ln 2
        assertThat(Psi.of(new double[]{0.25, 0.5, 0.25}, new double[]{0.5, 0.25, 0.25})).isCloseTo(0.346574, within(1e-6));
        // ten deciles against a population that put 20% in the first and 8.89% in each of the others
        double[] deciles = new double[10];
        double[] skewed = new double[10];
        for (int i = 0; i < 10; i++) {
            deciles[i] = 0.1;
            skewed[i] = i == 0 ? 0.2 : 0.8 / 9;
        }
        // 0.1 ln 2 + 9 * (0.0889 - 0.1) ln(0.889) = 0.069315 + 0.011778
        assertThat(Psi.of(deciles, skewed)).isCloseTo(0.081093, within(1e-6));
    }

    @Test
    void should_be_symmetric() {
        double[] a = {0.2, 0.3, 0.5};
        double[] b = {0.4, 0.4, 0.2};
        assertThat(Psi.of(a, b)).isCloseTo(Psi.of(b, a), within(1e-15)).isGreaterThan(0.2);
    }

    @Test
    void should_stay_finite_when_a_bin_is_empty_on_one_side() {
        // 0.5 ln 2 + (1e-4 - 0.5) ln(1e-4 / 0.5) with the empty bin counted as EPSILON = 1e-4
        assertThat(Psi.of(new double[]{0.5, 0.5}, new int[]{10, 0}, 10)).isCloseTo(4.604319, within(1e-6));
        assertThat(Psi.of(new double[]{0.5, 0.5, 0.0}, new double[]{0.5, 0.5, 0.0})).isEqualTo(0.0);
    }

    @Test
    void should_be_nan_without_observations() {
        assertThat(Psi.of(new double[]{0.5, 0.5}, new int[]{0, 0}, 0)).isNaN();
    }
}
