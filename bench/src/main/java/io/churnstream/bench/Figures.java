package io.churnstream.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Arithmetic of the report: medians, ratios, rounding, and the ordered JSON objects it is made of. */
final class Figures {

    private Figures() {
    }

    /** The median of the values that are present, or null when none is. */
    static Double median(Collection<? extends Number> values) {
        List<Double> present = new ArrayList<>();
        for (Number v : values) {
            if (v != null) {
                present.add(v.doubleValue());
            }
        }
        if (present.isEmpty()) {
            return null;
        }
        present.sort(null);
        int mid = present.size() / 2;
        return present.size() % 2 == 1 ? present.get(mid) : (present.get(mid - 1) + present.get(mid)) / 2;
    }

    /** {@code a / b} to three decimals, or null when either is missing or {@code b} is zero. */
    static Double ratio(Number a, Number b) {
        if (a == null || b == null || b.doubleValue() == 0) {
            return null;
        }
        return round(a.doubleValue() / b.doubleValue(), 3);
    }

    static Double round(Number value, int digits) {
        if (value == null) {
            return null;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value.doubleValue() * scale) / scale;
    }

    /** The largest value present, or null. */
    static Double max(Collection<? extends Number> values) {
        return values.stream().filter(Objects::nonNull).map(Number::doubleValue).max(Double::compare).orElse(null);
    }

    /** An ordered JSON object from alternating keys and values (values may be null). */
    static Map<String, Object> obj(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must pair up");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** The value under {@code key} of each run's JSON. */
    static List<Number> values(List<Map<String, Object>> runs, String key) {
        return runs.stream().map(r -> (Number) r.get(key)).toList();
    }

    /** A figure of a run's resource usage (its "rss" object): peak_mb, cpu_s... */
    @SuppressWarnings("unchecked")
    static Number usage(Map<String, Object> run, String key) {
        return (Number) ((Map<String, Object>) run.get("rss")).get(key);
    }

    /** The section entry of a section that did not run. */
    static Map<String, Object> skipped(String note) {
        return obj("status", "skipped", "note", note);
    }
}
