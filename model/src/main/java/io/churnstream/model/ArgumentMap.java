package io.churnstream.model;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** A read-only argument map over one array of values, indexed through a name-to-slot table shared by all calls. */
final class ArgumentMap extends AbstractMap<String, Object> {

    private final Map<String, Integer> slots;
    private final String[] names;
    private final Object[] values;

    ArgumentMap(Map<String, Integer> slots, String[] names, Object[] values) {
        this.slots = slots;
        this.names = names;
        this.values = values;
    }

    @Override
    public Object get(Object key) {
        Integer slot = slots.get(key);
        return slot == null ? null : values[slot];
    }

    @Override
    public boolean containsKey(Object key) {
        return slots.containsKey(key);
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return IntStream.range(0, names.length)
                .mapToObj(i -> new SimpleImmutableEntry<>(names[i], values[i]))
                .collect(Collectors.toUnmodifiableSet());
    }
}
