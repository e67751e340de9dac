package io.churnstream.bench;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.churnstream.bench.Context.Measured;

/** Settings and finished runs made up for the report's logic, without a broker or a process. */
final class Fakes {

    private Fakes() {
    }

    static Settings settings(long rows, int runs, Set<Section> sections) {
        return new Settings(rows, runs, rows / 5, sections, 25_092, sections.contains(Section.CLUSTER) ? 3 : 0, 42, List.of(),
                List.of(), List.of("-Xmx256m"), List.of("-Xmx1g"),
                List.of("-f", "1"), List.of(20, 1000, 5000), 30, 5, Path.of("/checkout"), Path.of("/checkout/consumer.jar"),
                false, System.currentTimeMillis() - 1000, null);
    }

    static Settings full() {
        return settings(1_000_000, 3, EnumSet.of(Section.PRODUCER, Section.CONSUMER, Section.SCORING, Section.LATENCY));
    }

    static Measured measured(long wallMillis, double peakMb, double cpuSeconds) {
        return new Measured(1_000, wallMillis, new ResourceSampler.Usage(peakMb, peakMb - 10, peakMb - 5, cpuSeconds, 10),
                Path.of("logs/bench/run.log"));
    }
}
