package io.churnstream.producer.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.churnstream.common.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The end-of-run summary: logged (stderr and log file) and optionally written as JSON for scripts. */
public final class Summary {

    private static final Logger LOG = LoggerFactory.getLogger(Summary.class);

    private Summary() {
    }

    public static Map<String, Object> of(String mode, RunStats s, String outcome) {
        double seconds = s.elapsedSeconds();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode);
        m.put("outcome", outcome);
        m.put("read", s.readCount());
        m.put("sent", s.sentCount());
        m.put("rejected", s.rejectedCount());
        m.put("failed", s.failedCount());
        m.put("durationSeconds", Math.round(seconds * 1000) / 1000.0);
        m.put("averageRatePerSecond", seconds > 0 ? Math.round(s.sentCount() / seconds * 10) / 10.0 : 0.0);
        double publishing = s.publishSeconds();
        if (publishing > 0) {
            m.put("publishSeconds", Math.round(publishing * 1000) / 1000.0);
            m.put("publishRatePerSecond", Math.round(s.sentCount() / publishing * 10) / 10.0);
        }
        return m;
    }

    /** Logs the summary and, when {@code jsonFile} is set, writes it there. */
    public static void report(Map<String, Object> summary, Path jsonFile) {
        LOG.info(String.format(Locale.ROOT, "%s summary (%s): read %d, sent %d, rejected %d, failed %d in %.2f s (%.1f records/s)",
                summary.get("mode"), summary.get("outcome"), summary.get("read"), summary.get("sent"),
                summary.get("rejected"), summary.get("failed"), summary.get("durationSeconds"),
                summary.get("averageRatePerSecond")));
        if (jsonFile != null) {
            try {
                Path parent = jsonFile.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.write(jsonFile, Json.write(summary));
            } catch (IOException e) {
                LOG.warn("cannot write summary to {}: {}", jsonFile, e.getMessage());
            }
        }
    }
}
