package io.churnstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.Shutdown;
import io.churnstream.common.cli.UsageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run: a private broker in a temporary work directory, the selected sections in order, the cluster
 * section last on a cluster that starts once that broker has stopped, then the report in reports/bench_UTC.json.
 * Every child process is stopped on the way out, on failure and on SIGINT/SIGTERM.
 */
final class BenchRun {

    private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Settings settings;

    BenchRun(Settings settings) {
        this.settings = settings;
    }

    /** Runs the benchmark; returns the report's path. */
    Path execute() {
        checkBuilt();
        String stamp = STAMP.format(Instant.ofEpochMilli(settings.startedMillis()));
        Path logs = settings.root().resolve("logs/bench");
        Path work = createWork();
        String loadAtStart = Report.loadAverage();
        Map<Section, Map<String, Object>> sections = new EnumMap<>(Section.class);
        Children children = new Children(logs, work);
        try (Shutdown shutdown = Shutdown.install()) {
            shutdown.onStop(children::stopAll);
            clearLogs(logs);
            try {
                runSingleNodeSections(children, work, stamp, sections);
                if (settings.wants(Section.CLUSTER)) {
                    runClusterSection(children, work, stamp, sections);
                }
            } catch (RuntimeException e) {
                if (shutdown.stopped()) {
                    throw new CliException(ExitCodes.INTERRUPTED, "stopped before the end; process output is in " + logs);
                }
                throw e instanceof CliException c ? new CliException(c.exitCode(), c.getMessage() + "; process output is in " + logs, c) : e;
            } finally {
                children.stopAll();
            }
        } finally {
            if (settings.keepWork()) {
                LOG.info("work directory kept: {}", work);
            } else {
                delete(work);
            }
        }
        Map<String, Object> report = Report.assemble(settings, Report.machine(loadAtStart), sections);
        Path file = settings.root().resolve("reports").resolve("bench_" + stamp + ".json");
        Report.write(report, file);
        System.out.print(Table.render(Report.tree(report)));
        LOG.info("report: {}", file);
        return file;
    }

    /** Every section but the cluster's, on one broker node if any of them needs one. */
    private void runSingleNodeSections(Children children, Path work, String stamp, Map<Section, Map<String, Object>> results) {
        List<Section> wanted = settings.sections().stream().filter(s -> s != Section.CLUSTER).toList();
        if (wanted.isEmpty()) {
            return;
        }
        Path data = work.resolve("kafka");
        try (Broker broker = needsBroker() ? Broker.start(children, settings, "broker", settings.port(), 1, data) : null;
             BenchKafka kafka = broker == null ? null : new BenchKafka(broker.bootstrap())) {
            if (broker != null) {
                LOG.info("broker ready on {} (data in {})", broker.bootstrap(), data);
            }
            Context context = new Context(settings, new Tools(settings, broker == null ? null : broker.bootstrap()), work,
                    stamp, kafka, children, 1, broker == null ? () -> -1 : broker::compilerSeconds);
            for (Section section : wanted) {
                results.put(section, timed(section, context));
            }
        }
    }

    /** The cluster section, on a cluster of its own, started once the single node has stopped. */
    private void runClusterSection(Children children, Path work, String stamp, Map<Section, Map<String, Object>> results) {
        Path data = work.resolve("cluster");
        LOG.info("starting a cluster of {} nodes", settings.clusterNodes());
        try (Broker cluster = Broker.start(children, settings, "cluster", settings.clusterPort(), settings.clusterNodes(), data);
             BenchKafka kafka = new BenchKafka(cluster.bootstrap())) {
            LOG.info("cluster ready on {} (data in {})", cluster.bootstrap(), data);
            Context context = new Context(settings, new Tools(settings, cluster.bootstrap()), work, stamp, kafka, children,
                    ClusterSection.REPLICAS, cluster::compilerSeconds);
            results.put(Section.CLUSTER, timed(Section.CLUSTER, context));
        }
    }

    private static Map<String, Object> timed(Section section, Context context) {
        long start = System.nanoTime();
        Map<String, Object> result = new LinkedHashMap<>(run(section, context));
        result.put("wall_s", Figures.round((System.nanoTime() - start) / 1e9, 1));
        return result;
    }

    private static Map<String, Object> run(Section section, Context c) {
        return switch (section) {
            case PRODUCER -> ProducerSection.run(c);
            case SCORING -> ScoringSection.run(c);
            case CONSUMER -> ConsumerSection.run(c);
            case SWAP -> SwapSection.run(c);
            case LATENCY -> LatencySection.run(c);
            case SCALING -> ScalingSection.run(c);
            case CLUSTER -> ClusterSection.run(c);
        };
    }

    /** Whether a section other than scoring (the model alone) and the cluster's (a broker of its own) needs the single node. */
    private boolean needsBroker() {
        return settings.sections().stream().anyMatch(s -> s != Section.SCORING && s != Section.CLUSTER);
    }

    /** Fails with what to build before anything starts. */
    private void checkBuilt() {
        List<String> modules = new ArrayList<>();
        if (needsBroker() || settings.wants(Section.CLUSTER)) {
            modules.addAll(List.of("broker", "producer"));
        }
        if (settings.sections().stream().anyMatch(s -> s == Section.CONSUMER || s == Section.SWAP || s == Section.LATENCY
                || s == Section.SCALING || s == Section.CLUSTER)) {
            modules.add("consumer");
        }
        for (String module : modules) {
            if (!Files.isRegularFile(settings.jar(module))) {
                throw new UsageException(settings.jar(module) + " not found: run ./scripts/bench.sh, which builds what is missing"
                        + (module.equals("consumer") ? ", or set CONSUMER_JAR" : ""));
            }
        }
        for (Path model : settings.wants(Section.SWAP) ? List.of(SwapSection.BUNDLED, SwapSection.CHALLENGER) : List.<Path>of()) {
            if (!Files.isRegularFile(settings.root().resolve(model))) {
                throw new UsageException(settings.root().resolve(model) + " not found: the swap section publishes it; "
                        + "run from a full checkout");
            }
        }
        if (settings.wants(Section.SCORING) && !Files.exists(ScoringSection.classpathFile(settings))) {
            throw new UsageException("the JMH benchmark is not built: run scripts/bench-model.sh --build-only, or ./scripts/bench.sh");
        }
    }

    private static Path createWork() {
        try {
            return Files.createTempDirectory("churnstream-bench.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void clearLogs(Path logs) {
        try {
            Files.createDirectories(logs);
            try (Stream<Path> files = Files.list(logs)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete the work directory {}: {}", dir, e.getMessage());
        }
    }
}
