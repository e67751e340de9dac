package io.churnstream.model;

import java.util.Arrays;
import java.util.List;

/**
 * The bins of one input (or of the score) and the share of the reference population in each. A numeric input has
 * bins {@code (-inf, e1], (e1, e2], ..., (ek, inf)} and a last bin for missing values; a categorical one has a bin
 * per known category and a last bin for anything else. The extra bin's reference share may be zero.
 */
final class Binning {

    private final String name;
    private final double[] edges;
    private final String[] categories;
    private final double[] expected;

    private Binning(String name, double[] edges, String[] categories, double[] expected) {
        this.name = name;
        this.edges = edges;
        this.categories = categories;
        this.expected = expected;
    }

    /** {@code fractions} has one share per bin, {@code edges.length + 1}; {@code missing} is the share of nulls. */
    static Binning numeric(String name, double[] edges, double[] fractions, double missing) {
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException(name + ": bin edges must increase, got " + Arrays.toString(edges));
            }
        }
        if (fractions.length != edges.length + 1) {
            throw new IllegalArgumentException(name + ": " + edges.length + " edges need " + (edges.length + 1)
                    + " fractions, got " + fractions.length);
        }
        double[] expected = Arrays.copyOf(fractions, fractions.length + 1);
        expected[fractions.length] = missing;
        return new Binning(name, edges.clone(), null, checked(name, expected));
    }

    /** One share per category, in the same order. */
    static Binning categorical(String name, List<String> categories, double[] fractions) {
        if (fractions.length != categories.size() || categories.isEmpty()) {
            throw new IllegalArgumentException(name + ": " + categories.size() + " categories need as many fractions, got "
                    + fractions.length);
        }
        double[] expected = Arrays.copyOf(fractions, fractions.length + 1);
        return new Binning(name, null, categories.stream().map(String::intern).toArray(String[]::new),
                checked(name, expected));
    }

    private static double[] checked(String name, double[] expected) {
        double sum = 0;
        for (double share : expected) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException(name + ": a share must be within [0, 1], got " + share);
            }
            sum += share;
        }
        if (Math.abs(sum - 1) > 1e-3) {
            throw new IllegalArgumentException(name + ": shares must add up to 1, got " + sum);
        }
        return expected;
    }

    String name() {
        return name;
    }

    int bins() {
        return expected.length;
    }

    /** Reference share of each bin; the caller must not modify it. */
    double[] expected() {
        return expected;
    }

    /** The bin of an input value: a {@link Number} for a numeric input, a {@link String} for a categorical one. */
    int index(Object value) {
        if (value == null) {
            return expected.length - 1;
        }
        if (categories == null) {
            return index(((Number) value).doubleValue());
        }
        for (int i = 0; i < categories.length; i++) {
            if (categories[i] == value) {
                return i;
            }
        }
        for (int i = 0; i < categories.length; i++) {
            if (categories[i].equals(value)) {
                return i;
            }
        }
        return categories.length;
    }

    /** The bin of a number; NaN counts as missing. */
    int index(double x) {
        if (Double.isNaN(x)) {
            return expected.length - 1;
        }
        int i = 0;
        for (double edge : edges) {
            i += x > edge ? 1 : 0;
        }
        return i;
    }
}
