package io.churnstream.common.tools;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A pipeline's records counted by key: what went in, what came out as a prediction or a dead letter, and per key
 * the outputs missing ({@code lost}) or beyond one per input ({@code duplicated}). Keys are counted as a multiset,
 * so an input key that repeats needs as many outputs.
 */
record Tally(long in, long predicted, long deadLettered, long lost, long duplicated) {

    static Tally of(Map<String, Integer> in, Map<String, Integer> predicted, Map<String, Integer> deadLettered) {
        Set<String> keys = new HashSet<>(in.keySet());
        keys.addAll(predicted.keySet());
        keys.addAll(deadLettered.keySet());
        long lost = 0;
        long duplicated = 0;
        for (String key : keys) {
            int out = predicted.getOrDefault(key, 0) + deadLettered.getOrDefault(key, 0);
            int expected = in.getOrDefault(key, 0);
            lost += Math.max(0, expected - out);
            duplicated += Math.max(0, out - expected);
        }
        return new Tally(sum(in), sum(predicted), sum(deadLettered), lost, duplicated);
    }

    boolean clean() {
        return lost == 0 && duplicated == 0;
    }

    @Override
    public String toString() {
        return "in=" + in + " predicted=" + predicted + " dead-lettered=" + deadLettered + " lost=" + lost
                + " duplicated=" + duplicated;
    }

    private static long sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToLong(Integer::longValue).sum();
    }
}
