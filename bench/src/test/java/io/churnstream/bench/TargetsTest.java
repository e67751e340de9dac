package io.churnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.json.Json;
import org.junit.jupiter.api.Test;

class TargetsTest {

    private static JsonNode report(String json) throws Exception {
        return Json.parse(json.getBytes());
    }

    private static Map<String, Object> entry(List<Map<String, Object>> evaluated, String id) {
        return evaluated.stream().filter(e -> e.get("id").equals(id)).findFirst().orElseThrow();
    }

    @Test
    void everyFigureOfTheTargetTableIsJudgedInItsOrder() throws Exception {
        List<Map<String, Object>> evaluated = Targets.evaluate(report("{}"), true);
        assertThat(evaluated).extracting(e -> e.get("target")).containsExactly(">= 1.0", ">= 0.8", ">= 0.9", ">= 0.95", "<= 20 ms",
                "<= 30 ms", "<= 10 ms", "<= 20 ms", "<= 1500 ms", "<= 256 MB", "<= 600 s");
    }

    @Test
    void aRatioMeetsItsTargetFromTheBoundUpAndATimeFromTheBoundDown() throws Exception {
        JsonNode r = report("{\"settings\":{\"rows\":1000000},\"producer\":{\"ratio_vs_producer_performance\":1.0},"
                + "\"consumer\":{\"ratio_vs_passthrough\":0.79,\"startup\":{\"to_first_prediction_ms\":1500},"
                + "\"memory\":{\"peak_rss_mb\":256.1}},\"latency\":{\"rates\":{\"1000\":{\"p99_ms\":21}}},\"wall_time_s\":599.9}");
        List<Map<String, Object>> evaluated = Targets.evaluate(r, true);
        assertThat(entry(evaluated, "producer_vs_producer_performance")).containsEntry("met", true).containsEntry("value", 1.0);
        assertThat(entry(evaluated, "consumer_scoring_vs_pass_through")).containsEntry("met", false);
        assertThat(entry(evaluated, "consumer_startup")).containsEntry("met", true);
        assertThat(entry(evaluated, "consumer_peak_rss")).containsEntry("met", false);
        assertThat(entry(evaluated, "latency_p99_at_1000")).containsEntry("met", false).containsEntry("value", 21);
        assertThat(entry(evaluated, "wall_time")).containsEntry("met", true);
        assertThat(Targets.tally(evaluated)).containsEntry("met", 3L).containsEntry("missed", 3L).containsEntry("not_judged", 5L);
    }

    @Test
    void aFigureNotMeasuredIsNotJudged() throws Exception {
        Map<String, Object> e = entry(Targets.evaluate(report("{\"latency\":{\"rates\":{\"1000\":{\"p99_ms\":null}}}}"), true),
                "latency_p99_at_1000");
        assertThat(e).containsEntry("met", null).containsEntry("value", null).containsEntry("note", "not measured");
    }

    @Test
    void memoryOfASmallerRunAndTheWallTimeOfAPartialRunAreNotJudged() throws Exception {
        JsonNode r = report("{\"settings\":{\"rows\":20000},\"consumer\":{\"memory\":{\"peak_rss_mb\":100}},\"wall_time_s\":60}");
        List<Map<String, Object>> evaluated = Targets.evaluate(r, false);
        assertThat(entry(evaluated, "consumer_peak_rss")).containsEntry("met", null).containsEntry("value", 100);
        assertThat((String) entry(evaluated, "consumer_peak_rss").get("note")).contains("20000 records");
        assertThat(entry(evaluated, "wall_time")).containsEntry("met", null);
        assertThat((String) entry(evaluated, "wall_time").get("note")).contains("full run");
    }
}
