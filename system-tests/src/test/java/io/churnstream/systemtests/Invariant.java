package io.churnstream.systemtests;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

import io.churnstream.common.TopicIO;
import io.churnstream.common.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The accounting every fault scenario ends with, read from the topics only (no code of the jars under test):
 * ids(input) = ids(predictions) + ids(dead letters), disjoint, none missing, none invented; under exactly-once no id
 * more often than it was input, for a read_committed reader; and the consumer group committed to the end of its input.
 * Ids are counted as a multiset, so inputs that repeat an id are accounted for by count.
 */
final class Invariant {

    private static final int EXAMPLES = 5;

    /** The delivery promise being checked. */
    enum Delivery { AT_LEAST_ONCE, EXACTLY_ONCE }

    /** The topics and consumer group of one pipeline under test. */
    record Pipeline(String input, String predictions, String deadLetters, String group) {

        /** {@code name-in}, {@code name-predictions}, {@code name-deadletter} and {@code name-group}. */
        static Pipeline named(String name) {
            return new Pipeline(name + "-in", name + "-predictions", name + "-deadletter", name + "-group");
        }

        static Pipeline defaults(String group) {
            return new Pipeline(Topics.RAW_CUSTOMERS, Topics.PREDICTIONS, Topics.DEAD_LETTER, group);
        }
    }

    /**
     * What a scenario found: the counts, the outputs beyond one per input, the input records whose id an earlier input
     * already had, and every broken promise in words.
     */
    record Report(long inputs, long outputs, long deadLetters, long duplicates, long repeatedInputs, List<String> violations) {

        long predictions() {
            return outputs - deadLetters;
        }

        /** Fails with every violation and the counts when any promise is broken. */
        Report assertHolds() {
            if (!violations.isEmpty()) {
                throw new AssertionError("invariant broken (" + this.counts() + "):\n  " + String.join("\n  ", violations));
            }
            return this;
        }

        /** Fails when two input records share an id: the consumer scenarios give every input record its own. */
        Report assertUniqueInputs() {
            if (repeatedInputs > 0) {
                throw new AssertionError(repeatedInputs + " input records repeat an earlier input's id (" + counts() + ")");
            }
            return this;
        }

        /** At-least-once: fails when the outputs repeat more inputs than the scenario's crashes can explain. */
        Report assertDuplicatesAtMost(long max) {
            if (duplicates > max) {
                throw new AssertionError(duplicates + " duplicate outputs, more than the " + max + " allowed (" + counts() + ")");
            }
            return this;
        }

        String counts() {
            return inputs + " inputs, " + outputs + " outputs (" + deadLetters + " dead letters), " + duplicates + " duplicates";
        }
    }

    private Invariant() {
    }

    /** Every input id comes out as a prediction or a dead letter, never both, none invented; exactly once if promised. */
    static Report account(Ledger input, Ledger predictions, Ledger deadLetters, Delivery delivery) {
        Ledger outputs = predictions.plus(deadLetters);
        List<String> violations = new ArrayList<>();
        describe(violations, "ids missing from the outputs (input count > output count)",
                examples(input, id -> input.count(id) > outputs.count(id), id -> "in " + input.count(id) + ", out " + outputs.count(id)));
        describe(violations, "output ids that were never input",
                examples(outputs, id -> input.count(id) == 0, id -> "out " + outputs.count(id)));
        describe(violations, "ids input once but both predicted and dead-lettered",
                examples(input, id -> input.count(id) == 1 && predictions.count(id) > 0 && deadLetters.count(id) > 0,
                        id -> predictions.count(id) + " predictions, " + deadLetters.count(id) + " dead letters"));
        if (delivery == Delivery.EXACTLY_ONCE) {
            describe(violations, "ids output more often than input under exactly-once",
                    examples(input, id -> outputs.count(id) > input.count(id), id -> "in " + input.count(id) + ", out " + outputs.count(id)));
        }
        long duplicates = 0;
        for (String id : input.ids()) {
            duplicates += Math.max(0, outputs.count(id) - input.count(id));
        }
        return new Report(input.size(), outputs.size(), deadLetters.size(), duplicates, input.size() - input.ids().size(),
                List.copyOf(violations));
    }

    /** One hop, such as the producer's: every input id is in {@code output}; exactly once if promised. */
    static Report delivered(Ledger input, Ledger output, Delivery delivery) {
        return account(input, output, Ledger.of(List.of()), delivery);
    }

    /**
     * Reads the whole pipeline as a read_committed reader and accounts for every input record; also checks that the
     * group's committed offset of each input partition is past its last readable record and not past its end.
     */
    static Report check(TopicIO audit, Pipeline pipeline, Delivery delivery) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> inputs = audit.readAll(pipeline.input(), true);
        Report report = account(keys(inputs), Ledger.ofTopic(audit, pipeline.predictions(), true),
                Ledger.ofTopic(audit, pipeline.deadLetters(), true), delivery);
        List<String> violations = new ArrayList<>(report.violations());
        violations.addAll(committedToEnd(lastOffsets(inputs), audit.committedOffsets(pipeline.group(), pipeline.input()),
                audit.endOffsets(pipeline.input())));
        return new Report(report.inputs(), report.outputs(), report.deadLetters(), report.duplicates(), report.repeatedInputs(),
                List.copyOf(violations));
    }

    /**
     * The committed offset of every partition is at its end: past the last record a read_committed reader sees
     * (only transaction markers or aborted records may follow it) and not beyond the log end.
     */
    static List<String> committedToEnd(Map<TopicPartition, Long> nextReadable, Map<TopicPartition, Long> committed,
                                       Map<TopicPartition, Long> logEnd) {
        List<String> violations = new ArrayList<>();
        List<TopicPartition> partitions = new ArrayList<>(logEnd.keySet());
        partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        for (TopicPartition tp : partitions) {
            long end = logEnd.get(tp);
            long readable = nextReadable.getOrDefault(tp, 0L);
            Long at = committed.get(tp);
            if (at == null ? readable > 0 : at < readable || at > end) {
                violations.add(tp + ": committed " + (at == null ? "nothing" : at) + ", but records are readable up to "
                        + readable + " (log end " + end + ")");
            }
        }
        return violations;
    }

    private static Ledger keys(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> ids = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            ids.add(TopicIO.key(r));
        }
        return Ledger.of(ids);
    }

    private static Map<TopicPartition, Long> lastOffsets(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            next.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
        }
        return next;
    }

    private record Examples(long count, List<String> shown) {
    }

    private static Examples examples(Ledger ledger, Predicate<String> broken, Function<String, String> detail) {
        TreeSet<String> sorted = new TreeSet<>();
        long count = 0;
        for (String id : ledger.ids()) {
            if (broken.test(id)) {
                count++;
                sorted.add(id);
                if (sorted.size() > EXAMPLES) {
                    sorted.pollLast();
                }
            }
        }
        return new Examples(count, sorted.stream().map(id -> id + " (" + detail.apply(id) + ")").toList());
    }

    private static void describe(List<String> violations, String what, Examples found) {
        if (found.count() > 0) {
            violations.add(found.count() + " " + what + ", e.g. " + String.join(", ", found.shown()));
        }
    }
}
