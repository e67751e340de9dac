package io.churnstream.consumer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.TopicIO;
import io.churnstream.common.kafka.KafkaFailures;
import io.churnstream.common.kafka.KafkaSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AtLeastOnceDelivery} against a real broker. */
@ExtendWith(KafkaBrokerExtension.class)
class AtLeastOnceDeliveryIntegrationTest {

    /**
     * A send the client refuses at once (here: a topic name the broker rejects; in production: a dead-letter topic that
     * does not exist, where each send blocks for max.block.ms) fails the poll; the outputs after it are not sent.
     */
    @Test
    void should_stop_sending_a_polls_outputs_at_the_first_refused_send(TestBroker broker) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String valid = "valid-" + run;
        TopicIO topics = new TopicIO(broker.bootstrapServers());
        topics.create(valid, 1, Map.of());
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        outputs.add(record("not a valid topic name!"));
        for (int i = 0; i < 10; i++) {
            outputs.add(record(valid));
        }

        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker, run);
             AtLeastOnceDelivery delivery = new AtLeastOnceDelivery(() -> producer(broker), consumer,
                     KafkaFailures.of(KafkaSettings.builder().build()))) {
            delivery.send(outputs, Map.of(new TopicPartition("in-" + run, 0), new OffsetAndMetadata(1)));
            assertThatThrownBy(delivery::complete).isInstanceOf(DeliveryException.class);
        }

        assertThat(topics.readAll(valid, false).size()).as("outputs sent after the refused one").isZero();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic) {
        return new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static Producer<byte[], byte[]> producer(TestBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(TestBroker broker, String run) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "group-" + run), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
