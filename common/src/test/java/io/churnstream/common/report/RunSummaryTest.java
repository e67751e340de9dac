package io.churnstream.common.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {

    private static final long SECOND = 1_000_000_000L;
    private static final String UTC_MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @TempDir
    Path dir;

    @Test
    void should_measure_the_rate_from_the_first_record_to_the_last_not_over_idle_waiting() throws Exception {
        RunClock clock = new RunClock();
        for (int i = 0; i <= 100; i++) {
            clock.record(5 * SECOND + i * SECOND / 100);
        }
        Thread.sleep(300);

        RunSummary<ProducerFigures> s = clock.summary("producer", "streaming", "stopped", figures());

        assertThat(s.activeS()).isEqualTo(1.0);
        assertThat(s.throughputPerS()).isEqualTo(100.0);
        assertThat(s.durationS()).isGreaterThanOrEqualTo(0.3);
    }

    @Test
    void should_count_the_records_of_the_first_instant_only_as_its_start() {
        RunClock clock = new RunClock();
        for (int i = 0; i < 500; i++) {
            clock.record(SECOND);
            clock.record(3 * SECOND);
        }

        assertThat(clock.summary("consumer", "batch", "completed", figures()).throughputPerS()).isEqualTo(250.0);
    }

    @Test
    void should_fall_back_to_the_whole_run_when_every_record_came_at_once() throws Exception {
        RunClock clock = new RunClock();
        for (int i = 0; i < 6; i++) {
            clock.record(SECOND);
        }
        Thread.sleep(100);

        RunSummary<ProducerFigures> s = clock.summary("consumer", "batch", "completed", figures());

        assertThat(s.activeS()).isZero();
        assertThat(s.throughputPerS()).isPositive().isLessThanOrEqualTo(6 / 0.1);
    }

    @Test
    void should_count_records_from_many_threads() throws Exception {
        RunClock clock = new RunClock();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    clock.record(SECOND + (i * 4L + offset) * 1_000);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }

        RunSummary<ProducerFigures> s = clock.summary("producer", "batch", "completed", figures());

        assertThat(s.activeS()).isEqualTo(0.04);
        assertThat(s.throughputPerS()).as("one record a microsecond").isEqualTo(1_000_000.0);
    }

    @Test
    void should_write_one_flat_snake_case_object_named_by_tool_mode_and_time() throws Exception {
        RunClock clock = new RunClock();
        clock.record(SECOND);
        clock.record(2 * SECOND);

        Path file = clock.summary("producer", "batch", "completed", figures()).write(dir);

        assertThat(file.getFileName().toString()).matches("producer_batch_summary_\\d{8}T\\d{6}\\.\\d{3}Z\\.json");
        JsonNode s = Json.parse(Files.readAllBytes(file));
        assertThat(s.get("tool").asText()).isEqualTo("producer");
        assertThat(s.get("mode").asText()).isEqualTo("batch");
        assertThat(s.get("outcome").asText()).isEqualTo("completed");
        assertThat(s.get("started_ts").asText()).matches(UTC_MILLIS);
        assertThat(s.get("finished_ts").asText()).matches(UTC_MILLIS);
        assertThat(s.get("active_s").asDouble()).isEqualTo(1.0);
        assertThat(s.get("throughput_per_s").asDouble()).isEqualTo(1.0);
        assertThat(s.get("dry_run").asBoolean()).isFalse();
        assertThat(s.get("sent").asLong()).isEqualTo(2);
        assertThat(s.get("figures")).isNull();
    }

    private static ProducerFigures figures() {
        return new ProducerFigures("raw", false, 3, 2, 1, 0);
    }
}
