package io.churnstream.producer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.TopicAdmin;
import io.churnstream.common.kafka.Topics;
import io.churnstream.producer.observe.ProducerMetrics;
import io.churnstream.producer.send.KafkaCheckpoints;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Start-up against the broker: reachability (exit 3 when unreachable), topics, and the producer client. */
final class KafkaSetup {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSetup.class);

    private KafkaSetup() {
    }

    static void prepare(KafkaSettings settings, Duration connectTimeout, String topic, boolean checkpointTopic) {
        LOG.info("Kafka settings: {}", settings.describe());
        try (TopicAdmin admin = TopicAdmin.create(settings)) {
            admin.awaitReachable(connectTimeout);
            Topics.Spec raw = new Topics.Spec(topic, Topics.RAW_PARTITIONS);
            admin.ensureTopics(checkpointTopic ? List.of(raw, KafkaCheckpoints.TOPIC_SPEC) : List.of(raw));
        }
    }

    /** The producer client, its own metrics bound to {@code metrics}. */
    static KafkaProducer<byte[], byte[]> producer(KafkaSettings settings, String clientId, ProducerMetrics metrics) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                settings.toProperties(Map.of(ProducerConfig.CLIENT_ID_CONFIG, clientId)),
                new ByteArraySerializer(), new ByteArraySerializer());
        metrics.bindProducer(producer);
        return producer;
    }
}
