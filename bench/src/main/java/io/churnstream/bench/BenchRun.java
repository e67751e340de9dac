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
 * One benchmark run: a private broker in a temporary work directory, the selected sections in order, then the
 * report in reports/bench_UTC.json. Every child process is stopped on the way out, on failure and on SIGINT/SIGTERM.
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
        Tools tools = new Tools(settings);
        try (Shutdown shutdown = Shutdown.install()) {
            shutdown.onStop(ChildProcess::stopAll);
            clearLogs(logs);
            try (Broker broker = needsBroker() ? Broker.start(tools, settings.port(), work.resolve("kafka"), logs.resolve("broker.log")) : null;
                 BenchKafka kafka = broker == null ? null : new BenchKafka(settings.bootstrap())) {
                if (broker != null) {
                    LOG.info("broker ready on {} (data in {})", settings.bootstrap(), work.resolve("kafka"));
                }
                Context context = new Context(settings, tools, work, logs, stamp, kafka);
                for (Section section : Section.values()) {
                    if (settings.wants(section)) {
                        long start = System.nanoTime();
                        Map<String, Object> result = new LinkedHashMap<>(run(section, context));
                        result.put("wall_s", Figures.round((System.nanoTime() - start) / 1e9, 1));
                        sections.put(section, result);
                    }
                }
            } catch (RuntimeException e) {
                if (shutdown.stopped()) {
                    throw new CliException(ExitCodes.INTERRUPTED, "stopped before the end; process output is in " + logs);
                }
                throw e instanceof CliException c ? new CliException(c.exitCode(), c.getMessage() + "; process output is in " + logs, c) : e;
            } finally {
                ChildProcess.stopAll();
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

    private static Map<String, Object> run(Section section, Context c) {
        return switch (section) {
            case PRODUCER -> ProducerSection.run(c);
            case SCORING -> ScoringSection.run(c);
            case CONSUMER -> ConsumerSection.run(c);
            case LATENCY -> LatencySection.run(c);
            case SCALING -> ScalingSection.run(c);
        };
    }

    private boolean needsBroker() {
        return settings.sections().stream().anyMatch(s -> s != Section.SCORING);
    }

    /** Fails with what to build before anything starts. */
    private void checkBuilt() {
        Tools tools = new Tools(settings);
        List<String> modules = new ArrayList<>();
        if (needsBroker()) {
            modules.addAll(List.of("broker", "producer", "bench"));
        }
        if (settings.sections().stream().anyMatch(s -> s == Section.CONSUMER || s == Section.LATENCY || s == Section.SCALING)) {
            modules.add("consumer");
        }
        for (String module : modules) {
            if (!Files.isRegularFile(tools.jar(module))) {
                throw new UsageException(tools.jar(module) + " not found: run ./scripts/bench.sh, which builds what is missing"
                        + (module.equals("consumer") ? ", or set CONSUMER_JAR" : ""));
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
