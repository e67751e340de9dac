package io.churnstream.bench;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.churnstream.common.cli.UsageException;

/** The parts of the benchmark, in the order they run; the cluster section runs on a broker of its own, last. */
enum Section {
    PRODUCER, SCORING, CONSUMER, SWAP, LATENCY, SCALING, CLUSTER;

    /**
     * The sections the full run's wall-time target is for; swap (a pair of consumer runs per RUNS, minutes more),
     * scaling (a second instance on the same cores only measures contention) and cluster (CLUSTER=N) are opt-in.
     */
    static final String DEFAULT = "producer,consumer,scoring,latency";

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Sections from a comma-separated list such as SECTIONS holds. */
    static Set<Section> parse(String list) {
        Set<Section> sections = EnumSet.noneOf(Section.class);
        for (String name : list.split(",")) {
            String key = name.strip();
            if (key.isEmpty()) {
                continue;
            }
            sections.add(Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst().orElseThrow(() ->
                    new UsageException("unknown section '" + key + "' in SECTIONS: choose from " + all())));
        }
        if (sections.isEmpty()) {
            throw new UsageException("SECTIONS names no section: choose from " + all());
        }
        return sections;
    }

    static String all() {
        return Arrays.stream(values()).map(Section::key).collect(Collectors.joining(","));
    }
}
