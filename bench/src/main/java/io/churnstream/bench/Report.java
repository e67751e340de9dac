package io.churnstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.json.Json;

/**
 * The benchmark's JSON report: settings, machine, one entry per section, the wall time (bench.jar's run, without the
 * build scripts/bench.sh did before it, which is build_s), and the targets.
 */
final class Report {

    static final int SCHEMA = 3;

    private Report() {
    }

    /** The report of a run that began at {@code settings.startedMillis()} and ends now. */
    static Map<String, Object> assemble(Settings settings, Map<String, Object> machine, Map<Section, Map<String, Object>> sections) {
        Map<String, Object> report = Figures.obj("schema", SCHEMA,
                "started_utc", Instant.ofEpochMilli(settings.startedMillis()).toString(),
                "wall_time_s", Figures.round((System.currentTimeMillis() - settings.startedMillis()) / 1000.0, 1),
                "build_s", settings.buildSeconds(),
                "machine", machine, "settings", settings.toJson());
        for (Section section : Section.values()) {
            report.put(section.key(), sections.getOrDefault(section, Figures.skipped("not in SECTIONS")));
        }
        List<Map<String, Object>> targets = Targets.evaluate(tree(report), settings.full());
        report.put("targets", targets);
        report.put("targets_summary", Targets.tally(targets));
        return report;
    }

    /** Cores, the JVM, the load average now (with {@code loadAtStart} from before the run). */
    static Map<String, Object> machine(String loadAtStart) {
        return Figures.obj("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                "load_average_start", loadAtStart, "load_average_end", loadAverage());
    }

    /** The 1, 5 and 15-minute load averages, or "unknown" off Linux. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return String.join(" ", parts[0], parts[1], parts[2]);
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static JsonNode tree(Map<String, Object> report) {
        return Json.mapper().valueToTree(report);
    }

    static void write(Map<String, Object> report, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
