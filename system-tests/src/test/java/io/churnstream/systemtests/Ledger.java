package io.churnstream.systemtests;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.churnstream.common.TopicIO;

/**
 * A multiset of record ids: customerIDs read from a topic, or whole rows of an input file. Ids may repeat
 * (generated customerIDs can collide), so every comparison is by count, never by set.
 */
final class Ledger {

    private final Map<String, Integer> counts;
    private final long size;

    private Ledger(Map<String, Integer> counts) {
        this.counts = Collections.unmodifiableMap(counts);
        this.size = counts.values().stream().mapToLong(Integer::longValue).sum();
    }

    static Ledger of(Collection<String> ids) {
        Map<String, Integer> counts = new HashMap<>();
        ids.forEach(id -> counts.merge(id, 1, Integer::sum));
        return new Ledger(counts);
    }

    static Ledger ofCounts(Map<String, Integer> counts) {
        return new Ledger(new HashMap<>(counts));
    }

    /** The keys of {@code topic}, as a reader with the given isolation level sees them (a missing topic is empty). */
    static Ledger ofTopic(TopicIO audit, String topic, boolean readCommitted) {
        return ofCounts(audit.keyCounts(topic, readCommitted));
    }

    int count(String id) {
        return counts.getOrDefault(id, 0);
    }

    Set<String> ids() {
        return counts.keySet();
    }

    /** Number of records, counting repeats. */
    long size() {
        return size;
    }

    Ledger plus(Ledger other) {
        Map<String, Integer> sum = new HashMap<>(counts);
        other.counts.forEach((id, n) -> sum.merge(id, n, Integer::sum));
        return new Ledger(sum);
    }

    @Override
    public String toString() {
        return size + " records, " + counts.size() + " distinct ids";
    }
}
