package io.churnstream.consumer.models;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.TopicAdmin;
import io.churnstream.common.kafka.Topics;
import io.churnstream.model.ModelRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The models topic as the {@code model} commands use it: created if missing, read whole, written one record at a time. */
final class ModelsTopic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelsTopic.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaSettings settings;
    private final String topic;
    private final TopicAdmin admin;
    private KafkaProducer<String, byte[]> producer;

    private ModelsTopic(KafkaSettings settings, String topic, TopicAdmin admin) {
        this.settings = settings;
        this.topic = topic;
        this.admin = admin;
    }

    /**
     * Connects (exit 3 when no broker answers in time) and creates the topic if it is missing. {@code settings} carry
     * the producer's tool defaults ({@link io.churnstream.common.kafka.ProducerDefaults#reliable()}).
     */
    static ModelsTopic connect(KafkaSettings settings, String topic, Duration connectTimeout) {
        TopicAdmin admin = TopicAdmin.create(settings);
        try {
            admin.awaitReachable(connectTimeout);
            admin.ensureTopics(List.of(Topics.models(topic)));
            return new ModelsTopic(settings, topic, admin);
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
    }

    String name() {
        return topic;
    }

    /** Everything the topic holds now, folded; records that count for nothing are logged. */
    ModelRegistry read() {
        ModelRegistry registry = new ModelRegistry();
        try (ModelsReader reader = new ModelsReader(settings, topic, "churnstream-model-tool")) {
            long end = reader.end(TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (reader.position(TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot read " + topic + " to its end within "
                            + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(500))) {
                    registry.apply(r.key(), r.value(), r.offset())
                            .ifPresent(e -> LOG.warn("{} offset {}: {} ({})", topic, r.offset(), e.getMessage(),
                                    e.reason().wireName()));
                }
            }
        }
        return registry;
    }

    /** The largest record the topic takes. */
    int maxRecordBytes() {
        return admin.maxMessageBytes(topic, Topics.MODELS_MAX_MESSAGE_BYTES);
    }

    /** Writes one record and waits for the broker's acknowledgement; exit 1 when it does not come. */
    void write(String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while writing " + key + " to " + topic);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot write " + key + " to " + topic + ": "
                    + cause.getMessage() + " (check the broker and the ACLs of the topic)", e);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> extra = Map.of(ProducerConfig.CLIENT_ID_CONFIG, "churnstream-model-tool",
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(maxRecordBytes(), 1 << 20));
            producer = new KafkaProducer<>(settings.forClient("producer", ProducerConfig.configNames(), extra),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(TIMEOUT);
        }
        admin.close();
    }
}
