package io.churnstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.cli.UsageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The model alone under JMH, as built by scripts/bench-model.sh --build-only (which scripts/bench.sh runs first). */
final class ScoringSection {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringSection.class);
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private ScoringSection() {
    }

    /** The classpath file scripts/bench-model.sh --build-only writes; the run needs it. */
    static Path classpathFile(Settings s) {
        return s.root().resolve("model/target/jmh.classpath");
    }

    static Map<String, Object> run(Context c) {
        if (!Files.exists(classpathFile(c.settings))) {
            throw new UsageException("the JMH benchmark is not built (" + classpathFile(c.settings)
                    + " is missing): run scripts/bench-model.sh --build-only, or scripts/bench.sh, which builds it");
        }
        LOG.info("scoring: JMH ({})", String.join(" ", c.settings.jmhArgs()));
        Path result = c.work.resolve("jmh-result.json");
        Children.Child jmh = c.start("jmh", c.tools.jmh(result));
        jmh.awaitSuccess(TIMEOUT);
        return summarize(ToolOutputs.read(result), c.settings, jmh.log());
    }

    static Map<String, Object> summarize(JsonNode jmhResults, Settings s, Path log) {
        return Figures.obj("status", "ok", "jmh_args", String.join(" ", s.jmhArgs()),
                "benchmarks", ToolOutputs.jmhBenchmarks(jmhResults), "log", log.toString());
    }
}
