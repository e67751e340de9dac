package io.churnstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.CliRun;
import io.churnstream.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run summary of dry runs, in process: no broker needed, the summary is the same. */
class ProducerSummaryTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun(ProducerApp::new);

    @Test
    void should_write_the_summary_into_the_reports_dir_and_the_extra_copy() throws Exception {
        int code = cli.execute("batch", "--dry-run", "--rows", "7", "--topic", "t", "--reports-dir", dir.resolve("reports").toString(),
                "--summary-json", dir.resolve("copy.json").toString(), "--log-dir", dir.toString());

        assertThat(code).as(cli.err()).isZero();
        Path summary = only(dir.resolve("reports"));
        assertThat(summary.getFileName().toString()).matches("producer_batch_summary_\\d{8}T\\d{6}\\.\\d{3}Z\\.json");
        assertThat(Files.readString(summary)).isEqualTo(Files.readString(dir.resolve("copy.json")));
        JsonNode s = Json.parse(Files.readAllBytes(summary));
        assertThat(s.get("tool").asText()).isEqualTo("producer");
        assertThat(s.get("mode").asText()).isEqualTo("batch");
        assertThat(s.get("outcome").asText()).isEqualTo("completed");
        assertThat(s.get("topic").asText()).isEqualTo("t");
        assertThat(s.get("dry_run").asBoolean()).isTrue();
        assertThat(s.get("read").asLong()).isEqualTo(7);
        assertThat(s.get("sent").asLong()).isEqualTo(7);
        assertThat(s.get("rejected").asLong()).isZero();
        assertThat(s.get("failed").asLong()).isZero();
    }

    @Test
    void should_rate_a_streaming_run_over_the_time_its_events_flowed() throws Exception {
        int code = cli.execute("streaming", "--dry-run", "--events-per-sec", "4", "--max-events", "5",
                "--reports-dir", dir.toString(), "--log-dir", dir.toString());

        assertThat(code).as(cli.err()).isZero();
        JsonNode s = Json.parse(Files.readAllBytes(only(dir)));
        assertThat(s.get("mode").asText()).isEqualTo("streaming");
        assertThat(s.get("sent").asLong()).isEqualTo(5);
        assertThat(s.get("active_s").asDouble()).as("first event to the fifth, 0.25 s apart").isBetween(0.9, 1.1);
        assertThat(s.get("throughput_per_s").asDouble()).isBetween(3.6, 4.4);
    }

    private static Path only(Path reports) throws Exception {
        try (Stream<Path> files = Files.list(reports)) {
            List<Path> json = files.filter(p -> p.toString().endsWith(".json")).toList();
            assertThat(json).hasSize(1);
            return json.get(0);
        }
    }
}
