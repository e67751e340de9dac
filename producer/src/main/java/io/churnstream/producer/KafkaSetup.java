package io.churnstream.producer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import io.churnstream.common.kafka.KafkaFailures;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.TopicAdmin;
import io.churnstream.common.kafka.Topics;
import io.churnstream.producer.observe.ProducerMetrics;
import io.churnstream.producer.send.KafkaCheckpoints;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Start-up against the broker: reachability (exit 3 when unreachable), topics, and the producer client. */
final class KafkaSetup {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSetup.class);

    private KafkaSetup() {
    }

    /** Returns how the failures of clients with these settings read. */
    static KafkaFailures prepare(KafkaSettings settings, Duration connectTimeout, OptionalInt replication, String topic,
                                 boolean checkpointTopic) {
        LOG.info("Kafka settings: {}", settings.describe());
        try (TopicAdmin admin = TopicAdmin.create(settings)) {
            admin.awaitReachable(connectTimeout);
            Topics.Spec raw = new Topics.Spec(topic, Topics.RAW_PARTITIONS);
            admin.ensureTopics(checkpointTopic ? List.of(raw, KafkaCheckpoints.TOPIC_SPEC) : List.of(raw), replication);
            return admin.failures();
        }
    }

    /** The producer client, its own metrics bound to {@code metrics}. */
    static KafkaProducer<byte[], byte[]> producer(KafkaSettings settings, String clientId, ProducerMetrics metrics) {
        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(settings.toProperties(Map.of(ProducerConfig.CLIENT_ID_CONFIG, clientId)),
                    new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            throw KafkaFailures.badSettings(e);
        }
        metrics.bindProducer(producer);
        return producer;
    }
}
