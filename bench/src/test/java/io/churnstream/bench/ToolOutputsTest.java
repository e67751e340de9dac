package io.churnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolOutputsTest {

    @Test
    void producerPerformanceFiguresComeFromItsFinalLineNotTheProgressLines() {
        List<String> output = List.of(
                "1186656 records sent, 237331.2 records/sec (115.99 MB/sec), 92.1 ms avg latency, 302.0 ms max latency.",
                "1000000 records sent, 238379.004158 records/sec (116.50 MB/sec), 88.10 ms avg latency, 512.00 ms max latency, "
                        + "75 ms 50th, 201 ms 95th, 298 ms 99th, 480 ms 99.9th.");
        ToolOutputs.ProducerPerformance pp = ToolOutputs.producerPerformance(output, Path.of("pp.log"));
        assertThat(pp.records()).isEqualTo(1_000_000);
        assertThat(pp.recordsPerS()).isEqualTo(238379.004158);
        assertThat(pp.mbPerS()).isEqualTo(116.50);
        assertThat(pp.avgLatencyMs()).isEqualTo(88.10);
        assertThat(pp.p99LatencyMs()).isEqualTo(298);
    }

    @Test
    void producerPerformanceWithoutAFinalLineIsAFailureNamingTheFile() {
        assertThatThrownBy(() -> ToolOutputs.producerPerformance(List.of("Exception in thread main"), Path.of("pp_1.log")))
                .isInstanceOf(CliException.class).hasMessageContaining("pp_1.log");
    }

    @Test
    void theProducerSummaryGivesWhatWasAcknowledgedAndItsOwnRate() throws Exception {
        var s = ToolOutputs.producerSummary(Json.parse(("{\"tool\":\"producer\",\"mode\":\"batch\",\"duration_s\":2.5,"
                + "\"active_s\":2.0,\"throughput_per_s\":500.0,\"topic\":\"t\",\"read\":1002,\"sent\":1000,"
                + "\"rejected\":2,\"failed\":0}").getBytes()));
        assertThat(s).isEqualTo(new ToolOutputs.ProducerSummary(1000L, 500.0, 2.0, 2.5));
    }

    @Test
    void aFigureMissingFromASummaryIsNullNotZero() throws Exception {
        var s = ToolOutputs.producerSummary(Json.parse("{\"sent\":20,\"throughput_per_s\":\"n/a\"}".getBytes()));
        assertThat(s).isEqualTo(new ToolOutputs.ProducerSummary(20L, null, null, null));
    }

    @Test
    void theConsumerSummaryGivesCountsAndItsOwnThroughput() throws Exception {
        var s = ToolOutputs.consumerSummary(Json.parse(("{\"consumed\":1000,\"predicted\":998,"
                + "\"dead_lettered\":{\"total\":2},\"throughput_per_s\":5000.5,\"duration_s\":0.2}").getBytes()));
        assertThat(s).isEqualTo(new ToolOutputs.ConsumerSummary(1000L, 998L, 2L, 5000.5, 0.2));
    }

    @Test
    void predictionsPerModelVersionKeepTheOrderTheVersionsFirstScoredIn() throws Exception {
        var byVersion = ToolOutputs.predictedByModelVersion(Json.parse(("{\"predicted\":10,\"predicted_by_model_version\":"
                + "{\"churn-gbm-3f2a9c01\":6,\"churn-gbm-challenger-0b1c2d3e\":4}}").getBytes()));
        assertThat(byVersion).containsExactly(Map.entry("churn-gbm-3f2a9c01", 6L), Map.entry("churn-gbm-challenger-0b1c2d3e", 4L));
        assertThat(ToolOutputs.predictedByModelVersion(Json.parse("{\"predicted\":0}".getBytes()))).isEmpty();
    }

    @Test
    void thePublishedVersionIsTheToolsLastVersionLineNotALogLine() {
        List<String> output = List.of("2026-12-01 10:00:00.000 INFO [main] PublishCommand - churn-gbm-3f2a9c01 passes the checks",
                "churn-gbm-3f2a9c01", "");
        assertThat(ToolOutputs.publishedVersion(output, Path.of("publish.log"))).isEqualTo("churn-gbm-3f2a9c01");
        assertThatThrownBy(() -> ToolOutputs.publishedVersion(List.of("model refused (contract_mismatch): ..."), Path.of("p.log")))
                .isInstanceOf(CliException.class).hasMessageContaining("p.log");
    }

    @Test
    void theNewestSummaryOfAReportsDirectoryIsRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("batch_summary_20261130T100000Z.json"), "{\"consumed\":1}");
        Files.writeString(dir.resolve("batch_summary_20261130T100005Z.json"), "{\"consumed\":2}");
        Files.writeString(dir.resolve("batch_summary_20261130T100005Z.html"), "<html/>");
        assertThat(ToolOutputs.newestSummary(dir).path("consumed").asInt()).isEqualTo(2);
    }

    @Test
    void aReportsDirectoryWithoutASummaryIsAFailure(@TempDir Path dir) {
        assertThatThrownBy(() -> ToolOutputs.newestSummary(dir.resolve("missing")))
                .isInstanceOf(CliException.class).hasMessageContaining("no run summary");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jmhThroughputAndSampledLatencyMergeIntoOneEntryPerBenchmarkAndEngine() throws Exception {
        String json = "[{\"benchmark\":\"io.churnstream.model.bench.ScoringBenchmark.score_2_threads\",\"mode\":\"thrpt\","
                + "\"threads\":2,\"params\":{\"engine\":\"AUTO\"},\"primaryMetric\":{\"score\":600000.0,\"scoreUnit\":\"ops/s\"}},"
                + "{\"benchmark\":\"io.churnstream.model.bench.ScoringBenchmark.score_2_threads\",\"mode\":\"sample\","
                + "\"threads\":2,\"params\":{\"engine\":\"AUTO\"},\"primaryMetric\":{\"score\":3.5E-6,\"scoreUnit\":\"s/op\","
                + "\"scorePercentiles\":{\"50.0\":3.1E-6,\"99.0\":8.5E-6,\"99.9\":2.0E-5}}}]";
        Map<String, Object> benchmarks = ToolOutputs.jmhBenchmarks(Json.parse(json.getBytes()));
        assertThat(benchmarks).containsOnlyKeys("score_2_threads auto");
        Map<String, Object> b = (Map<String, Object>) benchmarks.get("score_2_threads auto");
        assertThat(b).containsEntry("threads", 2).containsEntry("records_per_s", 600000.0)
                .containsEntry("records_per_s_per_thread", 300000.0);
        assertThat((Map<String, Object>) b.get("latency_us")).containsEntry("mean", 3.5).containsEntry("p50", 3.1)
                .containsEntry("p99", 8.5).containsEntry("p999", 20.0);
    }
}
