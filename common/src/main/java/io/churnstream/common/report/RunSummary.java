package io.churnstream.common.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.churnstream.common.json.Json;

/**
 * The end-of-run summary of either jar: a header every tool shares, then the tool's own {@code figures} at the
 * same level of the JSON object. Written as {@code <dir>/<tool>_<mode>_summary_<UTC>.json}; names are snake_case.
 *
 * @param startedTs UTC, millisecond precision
 * @param durationS seconds from start to finish
 * @param activeS seconds from the first record to the last
 * @param throughputPerS records per second over {@code activeS} (over {@code durationS} when every record came at once)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunSummary<T>(String tool, String mode, String outcome, String startedTs, String finishedTs,
                            double durationS, double activeS, double throughputPerS, @JsonUnwrapped T figures) {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Writes the summary as JSON into {@code dir}; returns the file. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(baseName() + ".json");
        writeTo(file);
        return file;
    }

    /** Writes the summary as JSON to {@code file}, creating its directory. */
    public void writeTo(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }

    /** {@code <tool>_<mode>_summary_<finished UTC>}: the file name without extension, for views written beside it. */
    public String baseName() {
        return tool + "_" + mode + "_summary_" + FILE_TIMESTAMP.format(Instant.parse(finishedTs));
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** {@code value} rounded to {@code digits} decimals, as the summaries show figures. */
    public static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
