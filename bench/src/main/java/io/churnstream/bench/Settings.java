package io.churnstream.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark run's validated settings.
 *
 * @param rows             records per throughput run
 * @param runs             measured runs per figure (the median is reported)
 * @param warmupRows       records of the warm-up run before measured runs (0 = none)
 * @param port             client port of the private broker; its controller takes the next one, and a cluster the
 *                         2 * clusterNodes ports after that
 * @param clusterNodes     nodes of the cluster the cluster section runs on (0 when it does not run)
 * @param startedMillis    when bench.jar began the run
 * @param buildSeconds     how long scripts/bench.sh spent building before, or null when it did not start the run
 */
record Settings(long rows, int runs, long warmupRows, Set<Section> sections, int port, int clusterNodes, long seed,
                List<String> producerArgs, List<String> consumerArgs, List<String> consumerJvm, List<String> brokerJvm,
                List<String> jmhArgs,
                List<Integer> latencyRates, int latencySeconds, int latencyWarmupSeconds,
                Path root, Path consumerJar, boolean keepWork, long startedMillis, Double buildSeconds) {

    static final long FULL_ROWS = 1_000_000;
    static final int FULL_RUNS = 3;

    boolean wants(Section section) {
        return sections.contains(section);
    }

    /**
     * The README's full run: the defaults' size, runs and sections, without a cluster; the only run the wall-time
     * target applies to.
     */
    boolean full() {
        return rows >= FULL_ROWS && runs >= FULL_RUNS && sections.containsAll(Section.parse(Section.DEFAULT))
                && !wants(Section.CLUSTER);
    }

    /** The first port of the cluster: the one after the single broker's two. */
    int clusterPort() {
        return port + 2;
    }

    /** The jar of a module: {@code <module>/target/<module>.jar}, the consumer's where CONSUMER_JAR says. */
    Path jar(String module) {
        return module.equals("consumer") ? consumerJar : root.resolve(module).resolve("target").resolve(module + ".jar");
    }

    Map<String, Object> toJson() {
        return Figures.obj("rows", rows, "runs", runs, "warmup_rows", warmupRows,
                "sections", String.join(",", sections.stream().map(Section::key).toList()), "port", port,
                "cluster_nodes", clusterNodes, "seed", seed,
                "producer_args", String.join(" ", producerArgs), "consumer_args", String.join(" ", consumerArgs),
                "consumer_jvm_opts", String.join(" ", consumerJvm), "broker_jvm_opts", String.join(" ", brokerJvm), "jmh_args", String.join(" ", jmhArgs),
                "latency_rates", latencyRates, "latency_seconds", latencySeconds,
                "latency_warmup_seconds", latencyWarmupSeconds, "consumer_jar", consumerJar.toString());
    }
}
