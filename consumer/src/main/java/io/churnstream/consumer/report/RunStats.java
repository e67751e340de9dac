package io.churnstream.consumer.report;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.churnstream.common.record.ErrorType;
import io.churnstream.common.report.RunClock;
import io.churnstream.consumer.pipeline.Outcome;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** What one run did, for its summary. Fed by the loop thread after each delivered poll; not thread-safe. */
public final class RunStats {

    static final int PROBABILITY_BINS = 20;
    private static final long MAX_SCORING_MICROS = 60_000_000L;
    private static final long MAX_LATENCY_MILLIS = 7L * 24 * 3600 * 1000;

    private final RunClock clock = new RunClock();
    private long consumed;
    private long predicted;
    private long copied;
    private long churned;
    private final Map<ErrorType, Long> deadLettered = new EnumMap<>(ErrorType.class);
    private final Map<String, long[]> byContract = new TreeMap<>();
    private final Map<String, Long> byModelVersion = new LinkedHashMap<>();
    private final long[] probabilityBins = new long[PROBABILITY_BINS];
    private final Histogram scoringMicros = new Histogram(MAX_SCORING_MICROS, 3);
    private final Histogram endToEndMillis = new Histogram(MAX_LATENCY_MILLIS, 3);
    private final Map<TopicPartition, PartitionRange> partitions = new TreeMap<>(
            (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));

    /** First and last offset seen of one input partition. */
    record PartitionRange(long first, long last, long records) {
    }

    /** One input whose output was delivered at {@code nowMillis}: a poll's records share one time. */
    public void record(ConsumerRecord<byte[], byte[]> input, Outcome outcome, long nowMillis) {
        consumed++;
        clock.record(TimeUnit.MILLISECONDS.toNanos(nowMillis));
        partitions.merge(new TopicPartition(input.topic(), input.partition()),
                new PartitionRange(input.offset(), input.offset(), 1),
                (a, b) -> new PartitionRange(Math.min(a.first, b.first), Math.max(a.last, b.last), a.records + 1));
        if (outcome instanceof Outcome.Scored s) {
            predicted++;
            byModelVersion.merge(s.modelVersion(), 1L, Long::sum);
            if (s.churn()) {
                churned++;
            }
            long[] contract = byContract.computeIfAbsent(s.contract(), k -> new long[2]);
            contract[0]++;
            contract[1] += s.churn() ? 1 : 0;
            probabilityBins[Math.min(PROBABILITY_BINS - 1, (int) (s.probability() * PROBABILITY_BINS))]++;
            scoringMicros.recordValue(Math.min(MAX_SCORING_MICROS, Math.max(0, s.scoringNanos() / 1000)));
            if (s.eventTimeMillis() >= 0) {
                endToEndMillis.recordValue(Math.min(MAX_LATENCY_MILLIS, Math.max(0, nowMillis - s.eventTimeMillis())));
            }
        } else if (outcome instanceof Outcome.DeadLettered d) {
            deadLettered.merge(d.errorType(), 1L, Long::sum);
        } else {
            copied++;
        }
    }

    RunClock clock() {
        return clock;
    }

    public double elapsedSeconds() {
        return clock.elapsedSeconds();
    }

    public long consumed() {
        return consumed;
    }

    public long predicted() {
        return predicted;
    }

    public long copied() {
        return copied;
    }

    public long churned() {
        return churned;
    }

    public long deadLetteredTotal() {
        return deadLettered.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<ErrorType, Long> deadLettered() {
        return deadLettered;
    }

    /** Predictions per model version, in the order the versions first scored. */
    public Map<String, Long> predictedByModelVersion() {
        return byModelVersion;
    }

    /** Contract -> {predictions, predicted churners}. */
    Map<String, long[]> byContract() {
        return byContract;
    }

    long[] probabilityBins() {
        return probabilityBins.clone();
    }

    Histogram scoringMicros() {
        return scoringMicros;
    }

    Histogram endToEndMillis() {
        return endToEndMillis;
    }

    Map<TopicPartition, PartitionRange> partitions() {
        return partitions;
    }
}
