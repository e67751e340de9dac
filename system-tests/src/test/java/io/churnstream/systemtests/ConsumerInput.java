package io.churnstream.systemtests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.churnstream.common.PoisonPills;
import io.churnstream.common.PoisonPills.Pill;
import io.churnstream.common.TestCustomers;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.kafka.Topics;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the consumer scenarios write to their input topic: generated customers with distinct customerIDs, keyed by
 * them as the producer does, and poison pills under keys of their own ({@code pill-00000}, ...), so every input
 * record has a unique id.
 */
final class ConsumerInput {

    /** Room for the 1 MB poison pill. */
    private static final String MAX_MESSAGE_BYTES = Integer.toString(2 * 1024 * 1024);

    private ConsumerInput() {
    }

    /** Creates {@code topic} as the consumer would (3 partitions), with room for the 1 MB pill. */
    static void createTopic(TopicIO topics, String topic) throws Exception {
        topics.create(topic, Topics.RAW_PARTITIONS, Map.of("max.message.bytes", MAX_MESSAGE_BYTES));
    }

    /** A pipeline of its own, {@link Pipeline#named named} {@code name}, with {@code n} customers on its input. */
    static Pipeline seeded(TopicIO topics, String name, int n, long seed) throws Exception {
        Pipeline pipeline = Pipeline.named(name);
        createTopic(topics, pipeline.input());
        topics.send(records(pipeline.input(), customers(n, seed)));
        return pipeline;
    }

    /** {@code n} generated customers with distinct ids. */
    static List<CustomerRecord> customers(int n, long seed) {
        return List.copyOf(TestCustomers.unique(n, seed).values());
    }

    static List<ProducerRecord<byte[], byte[]>> records(String topic, Collection<CustomerRecord> customers) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(customers.size());
        for (CustomerRecord c : customers) {
            records.add(new ProducerRecord<>(topic, utf8(c.customerId()), Json.write(c)));
        }
        return records;
    }

    /**
     * {@code n} poison pills by key, every kind of {@link PoisonPills} in turn, except that the 1 MB one (costly to
     * write and read) is used only for the first {@code bigOnes} turns it would get.
     */
    static Map<String, Pill> pills(int n, int bigOnes) {
        List<Pill> kinds = PoisonPills.all();
        Map<String, Pill> pills = new LinkedHashMap<>();
        int big = 0;
        for (int i = 0; pills.size() < n; i++) {
            Pill pill = kinds.get(i % kinds.size());
            boolean isBig = pill.value() != null && pill.value().length > 100_000;
            if (isBig && big++ >= bigOnes) {
                continue;
            }
            pills.put(String.format("pill-%05d", pills.size()), pill);
        }
        return pills;
    }

    static List<ProducerRecord<byte[], byte[]>> pillRecords(String topic, Map<String, Pill> pills) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(pills.size());
        pills.forEach((key, pill) -> records.add(new ProducerRecord<>(topic, utf8(key), pill.value())));
        return records;
    }

    /** Customers and pills shuffled together, the same way for the same seed. */
    static List<ProducerRecord<byte[], byte[]>> mixed(String topic, Collection<CustomerRecord> customers,
                                                      Map<String, Pill> pills, long seed) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(records(topic, customers));
        records.addAll(pillRecords(topic, pills));
        Collections.shuffle(records, new Random(seed));
        return records;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
