package io.churnstream.consumer.models;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.churnstream.common.json.Json;
import io.churnstream.common.record.EventTime;
import io.churnstream.common.record.Prediction;
import io.churnstream.consumer.pipeline.Outcome;
import io.churnstream.consumer.pipeline.PollListener;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.Score;
import io.churnstream.model.ScoringException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores delivered predictions again with the shadow model, on a thread of its own, and writes each as a
 * {@link ShadowPrediction} to the shadow topic with a producer of its own (idempotent, not transactional). The loop
 * only hands it the scored records of each poll once that poll is committed, and never waits for it: when it falls
 * {@value #QUEUED_POLLS} polls behind, the records of the next poll get no shadow prediction (counted as dropped).
 * So a shadow prediction exists at most once per committed active prediction; a crash, a refused record, a full queue
 * or a shadow topic that does not acknowledge loses some, each counted in {@link ShadowStats}, none retried.
 */
public final class ShadowScorer implements PollListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowScorer.class);
    private static final int QUEUED_POLLS = 200;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Batch END = new Batch(null, List.of());

    private final Supplier<ChurnModel> shadow;
    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final ShadowStats stats;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_POLLS);
    private final Thread thread;
    private volatile boolean warnedBehind;
    private volatile boolean warnedUndelivered;

    /** The scored records of one delivered poll, and the shadow model they are to be scored with. */
    private record Batch(ChurnModel shadow, List<Outcome.Scored> scored) {
    }

    /** {@code shadow} gives the shadow model at the time a poll is delivered, or null when there is none. */
    public ShadowScorer(Supplier<ChurnModel> shadow, String topic, Producer<byte[], byte[]> producer, ShadowStats stats) {
        this.shadow = shadow;
        this.topic = topic;
        this.producer = producer;
        this.stats = stats;
        this.thread = new Thread(this::run, "shadow-scorer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void delivered(List<Outcome> outcomes) {
        ChurnModel model = shadow.get();
        if (model == null) {
            return;
        }
        List<Outcome.Scored> scored = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            if (o instanceof Outcome.Scored s) {
                scored.add(s);
            }
        }
        if (!scored.isEmpty() && !queue.offer(new Batch(model, scored))) {
            stats.dropped(model.version().toString(), scored.get(0).modelVersion(), scored.size());
            if (!warnedBehind) {
                warnedBehind = true;
                LOG.warn("the shadow scorer is {} polls behind: records go without a shadow prediction until it catches "
                        + "up (counted in churn_shadow_failures_total{{stage=\"dropped\"}})", QUEUED_POLLS);
            }
        }
    }

    private void run() {
        try {
            for (Batch batch = queue.take(); batch != END; batch = queue.take()) {
                score(batch);
                warnedBehind = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the shadow scorer stopped ({}); the active predictions go on, without shadow", e.toString(), e);
        }
    }

    private void score(Batch batch) {
        String shadowVersion = batch.shadow().version().toString();
        for (Outcome.Scored active : batch.scored()) {
            long start = System.nanoTime();
            Score score;
            try {
                score = batch.shadow().score(active.customer());
            } catch (ScoringException | RuntimeException e) {
                stats.failed(shadowVersion, active.modelVersion());
                LOG.debug("shadow {} refused {}: {}", shadowVersion, active.customer().customerId(), e.getMessage());
                continue;
            }
            double millis = (System.nanoTime() - start) / 1_000_000.0;
            String customerId = active.customer().customerId();
            Prediction prediction = new Prediction(customerId, score.probability(), score.label(),
                    active.customer().eventTs(), EventTime.format(Instant.now()), millis, shadowVersion);
            byte[] value = Json.write(new ShadowPrediction(prediction, active.modelVersion()));
            producer.send(new ProducerRecord<>(topic, customerId.getBytes(StandardCharsets.UTF_8), value),
                    (metadata, error) -> {
                        if (error != null) {
                            undelivered(shadowVersion, active.modelVersion(), error);
                        }
                    });
            stats.compared(shadowVersion, active.modelVersion(), active.probability(), active.churn(),
                    score.probability(), score.churn());
        }
    }

    private void undelivered(String shadowVersion, String activeVersion, Exception error) {
        stats.undelivered(shadowVersion, activeVersion);
        if (!warnedUndelivered) {
            warnedUndelivered = true;
            LOG.warn("a shadow prediction was not written to {} ({}); shadow predictions are not retried (counted in "
                    + "churn_shadow_failures_total{{stage=\"undelivered\"}})", topic, error.getMessage());
        }
    }

    /** Scores what is queued (for at most 30 s), writes it, then stops. */
    @Override
    public void close() {
        try {
            if (!queue.offer(END, DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.interrupt();
            }
            thread.join(DRAIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the shadow scorer did not finish within {} s; its queued records get no shadow prediction",
                    DRAIN_TIMEOUT.toSeconds());
            thread.interrupt();
        }
        producer.close(DRAIN_TIMEOUT);
    }
}
