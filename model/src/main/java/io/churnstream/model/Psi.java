package io.churnstream.model;

/**
 * Population stability index: {@code sum over bins of (a - e) * ln(a / e)}, with {@code a} the share of the
 * observed population in a bin and {@code e} the reference share. Shares below {@link #EPSILON} count as EPSILON,
 * so a bin empty on one side adds a large but finite term instead of infinity. Read with
 * {@link DriftWindow#MODERATE_PSI} and {@link DriftWindow#SIGNIFICANT_PSI}.
 */
final class Psi {

    /** Floor of a bin's share: 1e-4, a tenth of one record in a 1,000-record window. */
    static final double EPSILON = 1e-4;

    private Psi() {
    }

    /** The PSI of bin counts against reference shares; NaN when there are no counts. */
    static double of(double[] expected, int[] counts, int total) {
        if (total == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            psi += term((double) counts[i] / total, expected[i]);
        }
        return psi;
    }

    /** The PSI of two share vectors of the same bins. */
    static double of(double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException(expected.length + " reference bins, " + actual.length + " observed");
        }
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            psi += term(actual[i], expected[i]);
        }
        return psi;
    }

    private static double term(double actual, double expected) {
        double a = Math.max(actual, EPSILON);
        double e = Math.max(expected, EPSILON);
        return (a - e) * Math.log(a / e);
    }
}
