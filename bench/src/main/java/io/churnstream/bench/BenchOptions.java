package io.churnstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.churnstream.common.cli.UsageException;
import picocli.CommandLine.Option;

/** The settings of {@code bench run}; each defaults to the environment variable scripts/bench.sh documents. */
final class BenchOptions {

    @Option(names = "--rows", paramLabel = "N", defaultValue = "${env:ROWS:-1000000}",
            description = "Records per throughput run (env ROWS, default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "${env:RUNS:-3}",
            description = "Measured runs per figure; the median is reported (env RUNS, default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup-rows", paramLabel = "N", defaultValue = "${env:WARMUP_ROWS}",
            description = "Records of the warm-up run before each measured set; 0 skips warm-ups (env WARMUP_ROWS, default ROWS/5).")
    Long warmupRows;

    @Option(names = "--sections", paramLabel = "LIST", defaultValue = "${env:SECTIONS:-" + Section.DEFAULT + "}",
            description = "Comma-separated sections out of producer,consumer,swap,scoring,latency,scaling,cluster (env SECTIONS, default ${DEFAULT-VALUE}).")
    String sections;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:BENCH_PORT:-29092}",
            description = "Port of the private broker; the controller takes PORT+1, a cluster the ports from PORT+2 (env BENCH_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--cluster", paramLabel = "N", defaultValue = "${env:CLUSTER:-0}",
            description = "Also measure the producer and consumer ratios on a local cluster of N >= 3 nodes (broker.jar --nodes N "
                    + "on the 2N ports from PORT+2), with topics of 3 replicas (min.insync.replicas=2) and of 1; 0 for none "
                    + "(env CLUSTER, default ${DEFAULT-VALUE}). SECTIONS=cluster runs that alone, on 3 nodes unless N says otherwise.")
    int cluster;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "${env:SEED:-42}", description = "Generator seed of the input CSV (env SEED).")
    long seed;

    @Option(names = "--producer-args", paramLabel = "ARGS", defaultValue = "${env:PRODUCER_ARGS:-}",
            description = "Extra arguments of every producer.jar batch run (env PRODUCER_ARGS).")
    String producerArgs;

    @Option(names = "--consumer-args", paramLabel = "ARGS", defaultValue = "${env:CONSUMER_ARGS:-}",
            description = "Extra arguments of every consumer.jar run (env CONSUMER_ARGS).")
    String consumerArgs;

    /** The consumer's JVM options in scripts/lib.sh, which every script uses; a test keeps the two the same. */
    static final String SCRIPTS_CONSUMER_JVM_OPTS = "-Xms48m -Xmx160m -XX:+UseSerialGC";

    @Option(names = "--consumer-jvm-opts", paramLabel = "OPTS", defaultValue = "${env:CONSUMER_JVM_OPTS:-" + SCRIPTS_CONSUMER_JVM_OPTS + "}",
            description = "JVM options of every consumer.jar run (env CONSUMER_JVM_OPTS, default the scripts' ${DEFAULT-VALUE}).")
    String consumerJvmOpts;

    /** The broker's JVM options in scripts/lib.sh, which scripts/start-broker.sh uses; a test keeps the two the same. */
    static final String SCRIPTS_BROKER_JVM_OPTS = "-Xmx1g";

    @Option(names = "--broker-jvm-opts", paramLabel = "OPTS", defaultValue = "${env:BROKER_JVM_OPTS:-" + SCRIPTS_BROKER_JVM_OPTS + "}",
            description = "JVM options of the private broker (env BROKER_JVM_OPTS, default the scripts' ${DEFAULT-VALUE}).")
    String brokerJvmOpts;

    @Option(names = "--jmh-args", paramLabel = "ARGS", defaultValue = "${env:JMH_ARGS:--wi 2 -w 1s -i 3 -r 1s -f 1 -p engine=AUTO}",
            description = "JMH settings of the scoring section (env JMH_ARGS, default ${DEFAULT-VALUE}; drop -p engine=AUTO "
                    + "to measure jpmml-evaluator as well).")
    String jmhArgs;

    @Option(names = "--latency-rates", paramLabel = "RATES", defaultValue = "${env:LATENCY_RATES:-20 1000 5000}",
            description = "Events/s of the latency runs, space-separated (env LATENCY_RATES, default ${DEFAULT-VALUE}).")
    String latencyRates;

    @Option(names = "--latency-seconds", paramLabel = "S", defaultValue = "${env:LATENCY_SECONDS:-30}",
            description = "Measured seconds per latency rate (env LATENCY_SECONDS, default ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(names = "--latency-warmup-seconds", paramLabel = "S", defaultValue = "${env:LATENCY_WARMUP_SECONDS:-5}",
            description = "Seconds left out at the start of each latency rate (env LATENCY_WARMUP_SECONDS, default ${DEFAULT-VALUE}).")
    int latencyWarmupSeconds;

    @Option(names = "--consumer-jar", paramLabel = "FILE", defaultValue = "${env:CONSUMER_JAR}",
            description = "The consumer to measure (env CONSUMER_JAR, default consumer/target/consumer.jar).")
    Path consumerJar;

    @Option(names = "--keep-work", paramLabel = "0|1", defaultValue = "${env:KEEP_WORK:-0}",
            description = "1 keeps the work directory (broker data, CSV, per-run files) and prints where it is (env KEEP_WORK).")
    String keepWork;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = ".", description = "The churnstream checkout (jars, scripts, logs/, reports/).")
    Path root;

    @Option(names = "--script-started-ms", hidden = true, defaultValue = "${env:BENCH_STARTED_MS:-0}",
            description = "When scripts/bench.sh began, ms since the epoch, so the report can say how long it spent building.")
    long scriptStartedMillis;

    Settings settings() {
        if (rows < 1 || runs < 1) {
            throw new UsageException("ROWS and RUNS must be positive whole numbers, got " + rows + " and " + runs);
        }
        long warmup = warmupRows == null ? rows / 5 : warmupRows;
        if (warmup < 0) {
            throw new UsageException("WARMUP_ROWS must be 0 or more, got " + warmup);
        }
        if (port < 1024 || port >= 65535) {
            throw new UsageException("BENCH_PORT must be a port number in 1024..65534, got " + port);
        }
        if (cluster != 0 && cluster < ClusterSection.REPLICAS) {
            throw new UsageException("CLUSTER must be 0 (no cluster) or at least " + ClusterSection.REPLICAS
                    + " nodes, for topics of " + ClusterSection.REPLICAS + " replicas; got " + cluster);
        }
        Set<Section> chosen = EnumSet.copyOf(Section.parse(sections));
        if (cluster > 0) {
            chosen.add(Section.CLUSTER);
        }
        int nodes = !chosen.contains(Section.CLUSTER) ? 0 : cluster > 0 ? cluster : ClusterSection.REPLICAS;
        if (latencySeconds < 1 || latencyWarmupSeconds < 0) {
            throw new UsageException("LATENCY_SECONDS must be positive and LATENCY_WARMUP_SECONDS 0 or more");
        }
        long now = System.currentTimeMillis();
        Path checkout = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(checkout.resolve("scripts"))) {
            throw new UsageException(checkout + " is not a churnstream checkout (no scripts/): pass --root");
        }
        Path consumer = consumerJar != null ? consumerJar.toAbsolutePath() : checkout.resolve("consumer/target/consumer.jar");
        Settings settings = new Settings(rows, runs, warmup, chosen, port, nodes, seed, words(producerArgs),
                words(consumerArgs), words(consumerJvmOpts), words(brokerJvmOpts), words(jmhArgs), rates(latencyRates), latencySeconds,
                latencyWarmupSeconds, checkout, consumer, "1".equals(keepWork) || "true".equalsIgnoreCase(keepWork),
                now, scriptStartedMillis > 0 ? Figures.round((now - scriptStartedMillis) / 1000.0, 1) : null);
        if (settings.clusterPort() + 2L * nodes > 65536) {
            throw new UsageException("a cluster of " + nodes + " nodes needs the " + 2 * nodes + " ports from "
                    + settings.clusterPort() + ", past the last port: lower BENCH_PORT");
        }
        return settings;
    }

    /** Words as the shell splits an unquoted variable. */
    static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.strip().split("\\s+"));
    }

    static List<Integer> rates(String text) {
        List<Integer> rates = new ArrayList<>();
        for (String word : words(text)) {
            try {
                rates.add(Integer.parseInt(word));
            } catch (NumberFormatException e) {
                rates.add(0);
            }
        }
        if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 1)) {
            throw new UsageException("LATENCY_RATES must be whole events/s separated by spaces, got '" + text + "'");
        }
        return rates;
    }
}
