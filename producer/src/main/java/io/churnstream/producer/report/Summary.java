package io.churnstream.producer.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import io.churnstream.common.report.ProducerFigures;
import io.churnstream.common.report.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The producer's end-of-run summary: logged (stderr and log file) and written as JSON for scripts. */
public final class Summary {

    private static final Logger LOG = LoggerFactory.getLogger(Summary.class);

    private Summary() {
    }

    /** The run as data, ending now. */
    public static RunSummary<ProducerFigures> of(String mode, RunStats s, String outcome, String topic, boolean dryRun) {
        return s.clock().summary("producer", mode, outcome, new ProducerFigures(topic, dryRun, s.readCount(),
                s.sentCount(), s.rejectedCount(), s.failedCount()));
    }

    /** Logs the summary and writes it into {@code reportsDir}, and to {@code copy} too when that is set. */
    public static void report(RunSummary<ProducerFigures> summary, Path reportsDir, Path copy) {
        ProducerFigures f = summary.figures();
        LOG.info(String.format(Locale.ROOT, "%s summary (%s): read %d, sent %d, rejected %d, failed %d in %.3f s (%.1f records/s)",
                summary.mode(), summary.outcome(), f.read(), f.sent(), f.rejected(), f.failed(), summary.durationS(),
                summary.throughputPerS()));
        try {
            LOG.info("run summary written to {}", summary.write(reportsDir));
        } catch (IOException e) {
            LOG.warn("cannot write the run summary into {}: {}", reportsDir, e.getMessage());
        }
        if (copy != null) {
            try {
                summary.writeTo(copy);
            } catch (IOException e) {
                LOG.warn("cannot write the run summary to {}: {}", copy, e.getMessage());
            }
        }
    }
}
