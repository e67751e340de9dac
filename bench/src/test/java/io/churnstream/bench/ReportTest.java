package io.churnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnstream.bench.ConsumerSection.Guarantee;
import io.churnstream.bench.ConsumerSection.Mode;
import io.churnstream.bench.ToolOutputs.ConsumerSummary;
import io.churnstream.bench.ToolOutputs.ProducerPerformance;
import io.churnstream.bench.ToolOutputs.ProducerSummary;
import org.junit.jupiter.api.Test;

/** The report's shape and arithmetic, from made-up runs of every section. */
class ReportTest {

    private final Settings settings = Fakes.full();

    private Map<String, Object> producer() {
        List<ProducerSection.Ours> ours = List.of(
                new ProducerSection.Ours(0, Fakes.measured(2_000, 300, 2), new ProducerSummary(200_000L, 150_000.0, 1.3, 1.9)),
                new ProducerSection.Ours(1, Fakes.measured(8_000, 480, 10), new ProducerSummary(1_000_000L, 170_000.0, 5.9, 7.5)),
                new ProducerSection.Ours(2, Fakes.measured(7_000, 470, 11), new ProducerSummary(1_000_000L, 190_000.0, 5.3, 6.5)),
                new ProducerSection.Ours(3, Fakes.measured(9_000, 490, 12), new ProducerSummary(1_000_000L, 160_000.0, 6.2, 8.5)));
        List<ProducerSection.Reference> reference = new ArrayList<>();
        double[] rates = {200_000, 200_000, 190_000, 160_000};
        for (int run = 0; run < 4; run++) {
            reference.add(new ProducerSection.Reference(run, Fakes.measured(6_000, 490, 7),
                    new ProducerPerformance(run == 0 ? 200_000 : 1_000_000, rates[run], 100.0, 50.0, 200)));
        }
        return ProducerSection.summarize(ours, reference, new Payload(1_000_000, 0, 512.7, 10.0, 20_000), settings);
    }

    private Map<String, Object> consumer() {
        List<ConsumerSection.Run> runs = new ArrayList<>();
        Map<String, Long> startup = Map.of("jvm_start", 200L, "total", 1_400L);
        for (Guarantee g : Guarantee.values()) {
            runs.add(new ConsumerSection.Run(g, Mode.SCORING, 0, 200_000, Fakes.measured(5_000, 200, 8),
                    new ConsumerSummary(200_000L, 200_000L, 0L, 40_000.0, 5.0), Map.of(), 2.5));
            for (int run = 1; run <= 3; run++) {
                double scoring = g == Guarantee.AT_LEAST_ONCE ? 50_000 + run * 1_000 : 40_000;
                runs.add(new ConsumerSection.Run(g, Mode.SCORING, run, 1_000_000, Fakes.measured(20_000, 240 + run, 30),
                        new ConsumerSummary(1_000_000L, 1_000_000L, 0L, scoring, 19.0),
                        g == Guarantee.AT_LEAST_ONCE ? startup : Map.of(), 0.25 * run));
                runs.add(new ConsumerSection.Run(g, Mode.PASS_THROUGH, run, 1_000_000, Fakes.measured(12_000, 230, 20),
                        new ConsumerSummary(1_000_000L, 0L, 0L, 80_000.0, 11.0), Map.of(), 0.1));
            }
        }
        return ConsumerSection.summarize(runs, settings);
    }

    private Map<String, Object> latency() {
        List<LatencySection.Rate> rates = new ArrayList<>();
        for (int rate : new int[]{20, 1000, 5000}) {
            rates.add(new LatencySection.Rate(rate, Figures.obj("count", 600L, "p50_ms", 6L, "p95_ms", 12L, "p99_ms", 18L,
                    "p999_ms", 25L, "max_ms", 40L, "mean_ms", 7.5), new ProducerSummary((long) rate * 35, null, null, 35.0),
                    Fakes.measured(36_000, 150, 3), true, rate * 100_000L, rate * 100_000L + 36_000));
        }
        List<GcLog.Pause> pauses = List.of(new GcLog.Pause(2_000_000L, 4.0, "Pause Young"), new GcLog.Pause(100_000_010L, 9.0, "Pause Young"));
        return LatencySection.summarize(rates, new ResourceSampler.Usage(210.0, 200.0, 205.0, 30.0, 500), pauses, settings);
    }

    private JsonNode report() {
        Map<Section, Map<String, Object>> sections = new EnumMap<>(Section.class);
        sections.put(Section.PRODUCER, producer());
        sections.put(Section.CONSUMER, consumer());
        sections.put(Section.LATENCY, latency());
        return Report.tree(Report.assemble(settings, Report.machine("0.50 0.40 0.30"), sections));
    }

    @Test
    void theReportHasItsTopLevelKeysAndSkippedSectionsSaySo() {
        JsonNode r = report();
        assertThat(r.fieldNames()).toIterable().containsExactly("schema", "started_utc", "wall_time_s", "build_s", "machine", "settings",
                "producer", "scoring", "consumer", "swap", "latency", "scaling", "cluster", "targets", "targets_summary");
        assertThat(r.path("schema").asInt()).isEqualTo(Report.SCHEMA);
        assertThat(r.path("wall_time_s").asDouble()).isPositive();
        assertThat(r.path("scoring").path("status").asText()).isEqualTo("skipped");
        assertThat(r.path("scaling").path("note").asText()).isEqualTo("not in SECTIONS");
        assertThat(r.path("targets")).hasSize(Targets.ALL.size());
    }

    @Test
    void producerFiguresAreMediansOfTheMeasuredRunsAndTheWarmUpIsKeptApart() {
        JsonNode p = report().path("producer");
        assertThat(p.path("churnstream").path("records_per_s").asDouble()).isEqualTo(170_000.0);
        assertThat(p.path("producer_performance").path("records_per_s").asDouble()).isEqualTo(190_000.0);
        assertThat(p.path("ratio_vs_producer_performance").asDouble()).isEqualTo(0.895);
        assertThat(p.path("ratio_per_run")).extracting(JsonNode::asDouble).containsExactly(0.85, 1.0, 1.0);
        assertThat(p.path("churnstream").path("peak_rss_mb").asDouble()).isEqualTo(490.0);
        assertThat(p.path("churnstream").path("mb_per_s").asDouble()).isEqualTo(83.12);
        assertThat(p.path("warmup").path("churnstream")).hasSize(1);
        assertThat(p.path("churnstream").path("runs")).hasSize(3);
    }

    @Test
    void consumerRatiosPairScoringWithPassThroughPerGuarantee() {
        JsonNode c = report().path("consumer");
        assertThat(c.path("at_least_once").path("scoring").path("records_per_s").asDouble()).isEqualTo(52_000.0);
        assertThat(c.path("ratio_vs_passthrough").asDouble()).isEqualTo(0.65);
        assertThat(c.path("ratio_vs_passthrough_exactly_once").asDouble()).isEqualTo(0.5);
        assertThat(c.path("ratio_exactly_once_vs_at_least_once").asDouble()).isEqualTo(0.769);
        assertThat(c.path("ratio_per_run").path("at_least_once")).extracting(JsonNode::asDouble).containsExactly(0.638, 0.65, 0.663);
        assertThat(c.path("memory").path("peak_rss_mb").asDouble()).isEqualTo(243.0);
        assertThat(c.path("at_least_once").path("scoring").path("all_complete").asBoolean()).isTrue();
        assertThat(c.path("exactly_once").path("scoring").path("warmup")).hasSize(1);
        assertThat(c.path("startup").path("to_first_prediction_ms").asLong()).isEqualTo(1_400);
        assertThat(c.path("startup").path("runs")).hasSize(3);
        assertThat(c.path("at_least_once").path("scoring").path("runs")).extracting(r -> r.path("broker_compiler_s").asDouble())
                .containsExactly(0.25, 0.5, 0.75);
        assertThat(c.path("at_least_once").path("scoring").path("warmup").get(0).path("broker_compiler_s").asDouble()).isEqualTo(2.5);
    }

    @Test
    void latencyIsReportedPerRateWithTheGcPausesOfItsWindow() {
        JsonNode l = report().path("latency");
        assertThat(l.path("rates").fieldNames()).toIterable().containsExactly("20", "1000", "5000");
        assertThat(l.path("rates").path("20").path("p99_ms").asLong()).isEqualTo(18);
        assertThat(l.path("rates").path("20").path("consumer_gc").path("pauses").asInt()).isEqualTo(1);
        assertThat(l.path("rates").path("1000").path("consumer_gc").path("max_pause_ms").asDouble()).isEqualTo(9.0);
        assertThat(l.path("consumer_gc").path("total_pause_ms").asDouble()).isEqualTo(13.0);
    }

    @Test
    void targetsAreJudgedOnTheAssembledFigures() {
        JsonNode r = report();
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        r.path("targets").forEach(t -> byId.put(t.path("id").asText(), t));
        assertThat(byId.get("producer_vs_producer_performance").path("met").asBoolean()).isFalse();
        assertThat(byId.get("latency_p99_at_1000").path("met").asBoolean()).isTrue();
        assertThat(byId.get("consumer_startup").path("met").asBoolean()).isTrue();
        assertThat(byId.get("consumer_peak_rss").path("met").asBoolean()).isTrue();
    }

    @Test
    void theTableHasATargetColumnSayingWhichTargetsHold() {
        String table = Table.render(report());
        assertThat(table.lines().findFirst().orElseThrow()).contains("| target");
        assertThat(table).contains(">= 1.0: **missed**").contains("p99 <= 20 ms: met").contains("p50 <= 10 ms: met; p99 <= 20 ms: met")
                .contains("<= 1500 ms: met").contains("scoring").contains("not in SECTIONS");
        assertThat(table.lines().filter(l -> l.startsWith("|")).map(l -> l.chars().filter(ch -> ch == '|').count()).distinct())
                .containsExactly(6L);
    }

    private Map<String, Object> clusterProducer(Settings s, double ours, double theirs) {
        return ProducerSection.summarize(
                List.of(new ProducerSection.Ours(1, Fakes.measured(8_000, 480, 10), new ProducerSummary(20_000L, ours, 0.2, 1.5))),
                List.of(new ProducerSection.Reference(1, Fakes.measured(6_000, 490, 7), new ProducerPerformance(20_000, theirs, 10.0, 50.0, 200))),
                new Payload(20_000, 0, 512.7, 10.0, 20_000), s);
    }

    private Map<String, Object> clusterConsumer(Settings s, double scoring, double passThrough) {
        return ConsumerSection.summarize(List.of(
                new ConsumerSection.Run(Guarantee.AT_LEAST_ONCE, Mode.SCORING, 1, 20_000, Fakes.measured(3_000, 200, 3),
                        new ConsumerSummary(20_000L, 20_000L, 0L, scoring, 1.0), Map.of(), -1),
                new ConsumerSection.Run(Guarantee.AT_LEAST_ONCE, Mode.PASS_THROUGH, 1, 20_000, Fakes.measured(2_000, 190, 2),
                        new ConsumerSummary(20_000L, 0L, 0L, passThrough, 0.5), Map.of(), -1)), s);
    }

    private JsonNode clusterReport() {
        Settings s = Fakes.settings(20_000, 1, EnumSet.of(Section.CLUSTER));
        Map<String, Object> topics = Figures.obj("replicas", 3, "min_insync_replicas", 2);
        Map<String, Object> cluster = ClusterSection.summarize(s,
                Figures.obj("topics", topics, "producer", clusterProducer(s, 120_000, 140_000), "consumer", clusterConsumer(s, 30_000, 50_000)),
                Figures.obj("topics", topics, "producer", clusterProducer(s, 160_000, 200_000), "consumer", clusterConsumer(s, 40_000, 60_000)));
        Map<Section, Map<String, Object>> sections = new EnumMap<>(Section.class);
        sections.put(Section.CLUSTER, cluster);
        return Report.tree(Report.assemble(s, Report.machine("0.50 0.40 0.30"), sections));
    }

    @Test
    void theClusterGivesEachRatioPerReplicationFactorAndWhatReplicationCosts() {
        JsonNode c = clusterReport().path("cluster");
        assertThat(c.path("nodes").asInt()).isEqualTo(3);
        assertThat(c.path("rf_3").path("producer").path("ratio_vs_producer_performance").asDouble()).isEqualTo(0.857);
        assertThat(c.path("rf_1").path("producer").path("ratio_vs_producer_performance").asDouble()).isEqualTo(0.8);
        assertThat(c.path("rf_3").path("consumer").path("ratio_vs_passthrough").asDouble()).isEqualTo(0.6);
        assertThat(c.path("rf_1").path("consumer").path("ratio_vs_passthrough").asDouble()).isEqualTo(0.667);
        JsonNode cost = c.path("replication_cost");
        assertThat(cost.path("producer").asDouble()).isEqualTo(0.75);
        assertThat(cost.path("producer_performance").asDouble()).isEqualTo(0.7);
        assertThat(cost.path("consumer_scoring").asDouble()).isEqualTo(0.75);
        assertThat(cost.path("consumer_pass_through").asDouble()).isEqualTo(0.833);
    }

    @Test
    void aConsumerMeasuredAtLeastOnceOnlyReportsNoExactlyOnceFigures() {
        JsonNode consumer = clusterReport().path("cluster").path("rf_3").path("consumer");
        assertThat(consumer.has("at_least_once")).isTrue();
        assertThat(consumer.has("exactly_once")).isFalse();
        assertThat(consumer.has("ratio_vs_passthrough_exactly_once")).isFalse();
        assertThat(consumer.path("ratio_per_run").fieldNames()).toIterable().containsExactly("at_least_once");
    }

    @Test
    void theTableHasTheClusterRowsOnlyWhenTheClusterRan() {
        String table = Table.render(clusterReport());
        assertThat(table).contains("| cluster of 3, RF=3: producer batch").contains("ProducerPerformance 140,000 rec/s")
                .contains("**0.86** (runs 0.86)").contains("| cluster of 3, RF=1: consumer batch at-least-once, scoring")
                .contains("pass-through 60,000 rec/s").contains("**0.67**")
                .contains("| cluster of 3, records/s at RF=3 / at RF=1").contains("| producer 0.75, consumer scoring 0.75 |")
                .contains("| ProducerPerformance 0.70, pass-through 0.83 |");
        assertThat(Table.render(report())).doesNotContain("cluster");
        ObjectNode older = (ObjectNode) report();
        older.remove("cluster");
        assertThat(Table.render(older)).as("a report from before the cluster section").doesNotContain("cluster")
                .doesNotContain("missing");
    }
}
