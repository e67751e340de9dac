package io.churnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LogParsingTest {

    private static final long LAUNCH = Instant.parse("2026-11-30T22:00:00.000Z").toEpochMilli();

    private static final List<String> CONSUMER_LOG = List.of(
            "2026-11-30 22:00:00.600 INFO  [main] i.c.consumer.ConsumerRun - Kafka settings: bootstrap.servers=localhost:25092",
            "2026-11-30 22:00:01.000 INFO  [main] i.c.consumer.ConsumerRun - group g has no committed offset on in: it starts "
                    + "at the beginning (auto.offset.reset=earliest unless set otherwise)",
            "2026-11-30 22:00:01.300 INFO  [main] i.c.consumer.ConsumerRun - model churn-gbm-788e9a55 (2026-11-25) scored by compiled tree ensemble "
                    + "(agrees with jpmml-evaluator on 2,000 generated customers, largest difference 0.0e+00)",
            "2026-11-30 22:00:01.600 INFO  [main] i.c.consumer.ConsumerRun - batch scoring in -> out (dead letters: dlq) in group g "
                    + "with model 1.2.0, at least once",
            "2026-11-30 22:00:01.650 INFO  [model-warm-up] i.c.consumer.ConsumerRun - model churn-gbm-788e9a55 (2026-11-25) warmed up with 30000 evaluations in 350 ms",
            "2026-11-30 22:00:04.700 INFO  [main] i.c.c.pipeline.ScoringLoop - partitions assigned: [in-0, in-1, in-2]",
            "2026-11-30 22:00:09.000 INFO  [main] i.c.c.pipeline.ScoringLoop - partitions assigned: [in-0]");

    @Test
    void startUpPhasesRunFromOneMarkToTheNextAndTheWarmUpBesideThem() {
        Map<String, Long> phases = StartupLog.phases(LAUNCH, List.of("[0.150s][info][startuptime] Create VM, 0.1400 secs"),
                CONSUMER_LOG, LAUNCH + 4_800);
        assertThat(phases).containsExactly(Map.entry("jvm_start", 150L), Map.entry("main_and_options", 450L),
                Map.entry("broker_and_topics", 400L), Map.entry("model_ready", 300L), Map.entry("kafka_client_init", 300L),
                Map.entry("group_join", 3_100L), Map.entry("first_prediction", 100L), Map.entry("total", 4_800L),
                Map.entry("warm_up_beside", 350L));
    }

    @Test
    void aMissingMarkLeavesBothPhasesAroundItUnknownButNotTheOthers() {
        Map<String, Long> phases = StartupLog.phases(LAUNCH, List.of(), CONSUMER_LOG, null);
        assertThat(phases.get("jvm_start")).isNull();
        assertThat(phases.get("main_and_options")).isNull();
        assertThat(phases.get("broker_and_topics")).isEqualTo(400L);
        assertThat(phases.get("first_prediction")).isNull();
        assertThat(phases.get("total")).isNull();
    }

    @Test
    void aGroupWithCommittedOffsetsEndsTheBrokerPhaseWithItsResumeLine() {
        List<String> log = List.of(
                "2026-11-30 22:00:00.600 INFO  [main] i.c.consumer.ConsumerRun - Kafka settings: bootstrap.servers=localhost:25092",
                "2026-11-30 22:00:00.900 INFO  [main] i.c.consumer.ConsumerRun - group g resumes in at its committed offsets {0=5}");
        assertThat(StartupLog.phases(LAUNCH, List.of(), log, null).get("broker_and_topics")).isEqualTo(300L);
        assertThat(StartupLog.phases(LAUNCH, List.of(), log, null).get("warm_up_beside")).isNull();
    }

    @Test
    void gcPausesAreStopTheWorldLinesOnlyAndTheirSumsFollowTheWindow() {
        List<GcLog.Pause> pauses = GcLog.pauses(List.of(
                "[2026-11-30T22:10:32.867+0000][0.008s] Using G1",
                "[2026-11-30T22:10:34.133+0000][1.274s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 6M->3M(64M) 12.999ms",
                "[2026-11-30T22:10:36.299+0000][3.441s] GC(1) Concurrent Mark Cycle 24.105ms",
                "[2026-11-30T22:10:36.300+0000][3.442s] GC(1) Pause Remark 20M->20M(64M) 1.500ms",
                "[2026-11-30T22:10:40.000+0000][7.000s] GC(2) Pause Full (System.gc()) 22M->22M(44M) 30.000ms"));
        assertThat(pauses).extracting(GcLog.Pause::millis).containsExactly(12.999, 1.5, 30.0);
        long from = Instant.parse("2026-11-30T22:10:34.000Z").toEpochMilli();
        long to = Instant.parse("2026-11-30T22:10:37.000Z").toEpochMilli();
        assertThat(GcLog.summary(pauses, from, to)).containsEntry("pauses", 2).containsEntry("max_pause_ms", 13.0)
                .containsEntry("total_pause_ms", 14.5);
        assertThat(GcLog.summary(List.of(), from, to)).containsEntry("pauses", 0).containsEntry("max_pause_ms", 0.0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLatencySplitsAtTheConsumersProcessedTimeWhenThePredictionHasOne() {
        LatencyRecorder r = new LatencyRecorder(0, 0);
        r.record(1_000, 1_004, 1_010);
        r.record(2_000, 2_030, 2_031);
        r.record(3_000, LatencyRecorder.UNPARSED, 3_050);
        Map<String, Object> split = (Map<String, Object>) r.summary().get("split_at_processed_ts");
        assertThat(r.summary()).containsEntry("count", 3L).containsEntry("max_ms", 50L);
        assertThat((Map<String, Object>) split.get("event_to_scored")).containsEntry("max_ms", 30L).containsEntry("p50_ms", 4L);
        assertThat((Map<String, Object>) split.get("scored_to_readable")).containsEntry("max_ms", 6L).containsEntry("p50_ms", 1L);
    }

    @Test
    void arrivalsBeforeTheStartOrInsideTheWarmUpAreCountedButNotTimed() {
        LatencyRecorder r = new LatencyRecorder(1_000, 10_000);
        r.record(9_000, 9_005);
        r.record(10_000, 10_050);
        r.record(11_000, 11_007);
        r.record(12_000, 12_009);
        r.record(LatencyRecorder.UNPARSED, 12_010);
        Map<String, Object> s = r.summary();
        assertThat(s).containsEntry("seen", 5L).containsEntry("count", 2L).containsEntry("warmup_skipped", 2L)
                .containsEntry("unparsed", 1L).containsEntry("max_ms", 9L);
        assertThat(r.firstArrivalMillis()).isEqualTo(9_005L);
        assertThat(r.lastArrivalMillis()).isEqualTo(12_010L);
    }
}
