package io.churnstream.consumer.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Copies each input unchanged to the output topic: the same loop as scoring minus the work, for benchmarks. */
public final class PassThroughProcessor implements RecordProcessor {

    private final String outputTopic;

    public PassThroughProcessor(String outputTopic) {
        this.outputTopic = outputTopic;
    }

    @Override
    public Outcome process(ConsumerRecord<byte[], byte[]> input) {
        return new Outcome.Copied(new ProducerRecord<>(outputTopic, input.key(), input.value()));
    }
}
