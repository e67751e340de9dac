package io.churnstream.consumer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class PollProcessorTest {

    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final RecordProcessor copyWithThreadNote = input -> {
        threads.add(Thread.currentThread().getName());
        return new Outcome.Copied(new ProducerRecord<>("out", input.key(), input.value()));
    };

    @Test
    void should_keep_input_order_when_scoring_on_several_threads() {
        List<ConsumerRecord<byte[], byte[]>> poll = records(1000);

        List<Outcome> outcomes;
        try (PollProcessor processor = new PollProcessor(copyWithThreadNote, 3)) {
            outcomes = processor.process(poll);
        }

        assertThat(outcomes).hasSize(1000);
        for (int i = 0; i < poll.size(); i++) {
            assertThat(outcomes.get(i).output().value()).isEqualTo(poll.get(i).value());
        }
        assertThat(threads).hasSize(3);
    }

    @Test
    void should_score_a_small_poll_on_the_calling_thread_only() {
        try (PollProcessor processor = new PollProcessor(copyWithThreadNote, 4)) {
            processor.process(records(PollProcessor.MIN_RECORDS_PER_THREAD));
        }

        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(int n) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Inputs.of("k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8), i));
        }
        return out;
    }
}
