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
    private final Map<String, long[]> byModelVersion = new LinkedHashMap<>();
    private final long[] probabilityBins = new long[PROBABILITY_BINS];
    private final Histogram scoringMicros = new Histogram(MAX_SCORING_MICROS, 3);
    private final Histogram endToEndMillis = new Histogram(MAX_LATENCY_MILLIS, 3);
    private final Map<TopicPartition, Offsets> partitions = new TreeMap<>(
            (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
    /** The partition of the previous record: a poll brings its records partition by partition. */
    private TopicPartition current;
    private Offsets currentOffsets;

    /** First and last offset seen of one input partition. */
    record PartitionRange(long first, long last, long records) {
    }

    /** The offsets of one partition so far, counted in place. */
    private static final class Offsets {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long records;

        void add(long offset) {
            first = Math.min(first, offset);
            last = Math.max(last, offset);
            records++;
        }
    }

    /** One input whose output was delivered, scored at {@code scoredMillis}: a poll's records share one time. */
    public void record(ConsumerRecord<byte[], byte[]> input, Outcome outcome, long scoredMillis) {
        consumed++;
        clock.record(TimeUnit.MILLISECONDS.toNanos(scoredMillis));
        offsets(input.topic(), input.partition()).add(input.offset());
        if (outcome instanceof Outcome.Scored s) {
            predicted++;
            byModelVersion.computeIfAbsent(s.modelVersion(), v -> new long[1])[0]++;
            if (s.churn()) {
                churned++;
            }
            long[] contract = byContract.computeIfAbsent(s.contract(), k -> new long[2]);
            contract[0]++;
            contract[1] += s.churn() ? 1 : 0;
            probabilityBins[Math.min(PROBABILITY_BINS - 1, (int) (s.probability() * PROBABILITY_BINS))]++;
            scoringMicros.recordValue(Math.min(MAX_SCORING_MICROS, Math.max(0, s.scoringNanos() / 1000)));
            if (s.eventTimeMillis() >= 0) {
                endToEndMillis.recordValue(Math.min(MAX_LATENCY_MILLIS, Math.max(0, scoredMillis - s.eventTimeMillis())));
            }
        } else if (outcome instanceof Outcome.DeadLettered d) {
            deadLettered.merge(d.errorType(), 1L, Long::sum);
        } else {
            copied++;
        }
    }

    private Offsets offsets(String topic, int partition) {
        if (current == null || current.partition() != partition || !current.topic().equals(topic)) {
            current = new TopicPartition(topic, partition);
            currentOffsets = partitions.computeIfAbsent(current, tp -> new Offsets());
        }
        return currentOffsets;
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
        Map<String, Long> counts = new LinkedHashMap<>();
        byModelVersion.forEach((version, n) -> counts.put(version, n[0]));
        return counts;
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
        Map<TopicPartition, PartitionRange> ranges = new LinkedHashMap<>();
        partitions.forEach((tp, o) -> ranges.put(tp, new PartitionRange(o.first, o.last, o.records)));
        return ranges;
    }
}
