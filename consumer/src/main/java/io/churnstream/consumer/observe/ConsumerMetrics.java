package io.churnstream.consumer.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.churnstream.common.observe.Registries;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.ErrorType;
import io.churnstream.consumer.pipeline.Outcome;
import io.churnstream.model.DriftWindow;
import io.churnstream.model.RefusalReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer's Prometheus metrics: records consumed, scored and dead-lettered by error type, predictions by label
 * and model version, scoring latency, end-to-end lag (now minus event_ts), consumer lag per partition, drift of the
 * inputs and the score, the Kafka clients' own metrics, the model in use and the model versions refused.
 * {@link #record} is called by the scoring loop's thread only; the gauges are read by the metrics server's.
 */
public final class ConsumerMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final Counter consumed;
    private final Counter scored;
    private final Map<ErrorType, Counter> deadLettered = new EnumMap<>(ErrorType.class);
    private final Timer scoring;
    private final Timer endToEnd;
    private final Map<TopicPartition, AtomicLong> lag = new ConcurrentHashMap<>();
    private String predictionsVersion;
    private Counter predictedYes;
    private Counter predictedNo;
    private volatile DriftWindow drift;
    private final Map<String, Gauge> featureGauges = new HashMap<>();
    private boolean scoreGauges;
    private Gauge modelInfo;
    /** Held here because a function counter only holds its source weakly. */
    private ToLongFunction<RefusalReason> refusals;
    private KafkaClientMetrics consumerMetrics;
    private KafkaClientMetrics producerMetrics;

    private ConsumerMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
        this.registry = registry;
        this.prometheus = prometheus;
        consumed = Counter.builder("churn.records.consumed").description("Input records consumed").register(registry);
        scored = Counter.builder("churn.records.scored").description("Predictions published").register(registry);
        for (ErrorType type : ErrorType.values()) {
            deadLettered.put(type, Counter.builder("churn.records.deadlettered").tag("error_type", type.wireName())
                    .description("Dead letters published, by error type").register(registry));
        }
        scoring = Timer.builder("churn.scoring.latency").description("Model evaluation time per record")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
        endToEnd = Timer.builder("churn.end.to.end.lag").description("Scoring time minus the input's event_ts")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1)).register(registry);
    }

    /** Metrics served in the Prometheus format; {@link #modelInUse} names the model once it is known. */
    public static ConsumerMetrics prometheus() {
        PrometheusMeterRegistry registry = Registries.prometheus();
        return new ConsumerMetrics(registry, registry);
    }

    /** Metrics nobody reads (no {@code --metrics-port}): recording costs next to nothing. */
    public static ConsumerMetrics none() {
        return new ConsumerMetrics(Registries.none(), null);
    }

    /**
     * Feeds every scored record to {@code window} from now on and exports its PSI; called again (on the loop's thread)
     * when another model takes over, whose card the drift is measured against from then on. Each gauge is registered
     * once; an input the new card does not profile loses its series.
     */
    public synchronized void watchDrift(DriftWindow window) {
        featureGauges.entrySet().removeIf(e -> {
            boolean stale = !window.features().contains(e.getKey());
            if (stale) {
                registry.remove(e.getValue());
            }
            return stale;
        });
        for (String feature : window.features()) {
            featureGauges.computeIfAbsent(feature, f -> Gauge.builder("churn.feature.drift.psi", this,
                            m -> m.drift(w -> w.features().contains(f) ? w.featurePsi(f) : Double.NaN))
                    .tag("feature", f)
                    .description("Population stability index of a model input over the drift window, against the "
                            + "training profile").register(registry));
        }
        if (!scoreGauges) {
            Gauge.builder("churn.score.drift.psi", this, m -> m.drift(DriftWindow::scorePsi))
                    .description("Population stability index of the predicted probability over the drift window")
                    .register(registry);
            Gauge.builder("churn.drift.window.records", this, m -> m.drift(DriftWindow::size))
                    .description("Scored records in the drift window (at most its size)").register(registry);
            scoreGauges = true;
        }
        drift = window;
    }

    /** No drift from now on (a model without a reference profile took over); the gauges show NaN. */
    public void stopDrift() {
        drift = null;
    }

    private double drift(ToDoubleFunction<DriftWindow> figure) {
        DriftWindow window = drift;
        return window == null ? Double.NaN : figure.applyAsDouble(window);
    }

    /** The model now in use: the only {@code churn_model_info} series, value 1. */
    public synchronized void modelInUse(String version) {
        if (modelInfo != null) {
            registry.remove(modelInfo);
        }
        modelInfo = Gauge.builder("churn.model.info", () -> 1).tags(Tags.of("version", version))
                .description("The model in use (value is always 1)").register(registry);
    }

    /** Exports the model versions refused per reason, as {@code counts} tells; call once, before the loop starts. */
    public void countRefusals(ToLongFunction<RefusalReason> counts) {
        refusals = counts;
        for (RefusalReason reason : RefusalReason.values()) {
            FunctionCounter.builder("churn.model.refused", counts, c -> c.applyAsLong(reason))
                    .tag("reason", reason.wireName())
                    .description("Model versions refused, by the check that failed").register(registry);
        }
    }

    /** The registry, for meters of other parts of the consumer (the shadow's agreement). */
    public MeterRegistry registry() {
        return registry;
    }

    public void bindConsumer(Consumer<?, ?> consumer) {
        consumerMetrics = rebind(consumerMetrics, new KafkaClientMetrics(consumer));
    }

    /** Called for each new producer (the consumer replaces its producer after a failed delivery). */
    public void bindProducer(Producer<?, ?> producer) {
        producerMetrics = rebind(producerMetrics, new KafkaClientMetrics(producer));
    }

    private KafkaClientMetrics rebind(KafkaClientMetrics old, KafkaClientMetrics fresh) {
        if (old != null) {
            old.close();
        }
        if (prometheus != null) {
            fresh.bindTo(registry);
        }
        return fresh;
    }

    /**
     * The outcomes of one delivered poll, their latency counted to {@code scoredMillis}, when the poll was scored. The
     * scored ones enter the drift window together, under one lock.
     */
    public void record(List<Outcome> outcomes, long scoredMillis) {
        List<CustomerRecord> customers = new ArrayList<>(outcomes.size());
        double[] probabilities = new double[outcomes.size()];
        for (Outcome outcome : outcomes) {
            consumed.increment();
            if (outcome instanceof Outcome.Scored s) {
                scored.increment();
                predictions(s.modelVersion(), s.churn()).increment();
                scoring.record(s.scoringNanos(), TimeUnit.NANOSECONDS);
                if (s.eventTimeMillis() >= 0) {
                    endToEnd.record(Math.max(0, scoredMillis - s.eventTimeMillis()), TimeUnit.MILLISECONDS);
                }
                probabilities[customers.size()] = s.probability();
                customers.add(s.customer());
            } else if (outcome instanceof Outcome.DeadLettered d) {
                deadLettered.get(d.errorType()).increment();
            }
        }
        DriftWindow window = drift;
        if (window != null && !customers.isEmpty()) {
            window.record(customers, probabilities);
        }
    }

    /** The counter of one label of one model; the counters of the latest version are kept at hand. */
    private Counter predictions(String version, boolean churn) {
        if (!version.equals(predictionsVersion)) {
            predictedYes = prediction(version, "Yes");
            predictedNo = prediction(version, "No");
            predictionsVersion = version;
        }
        return churn ? predictedYes : predictedNo;
    }

    private Counter prediction(String version, String label) {
        return Counter.builder("churn.predictions").tags("prediction", label, "model_version", version)
                .description("Predictions published, by label and model version").register(registry);
    }

    /** The latest lag (records behind the log end) of an assigned partition. */
    public void lag(TopicPartition partition, long records) {
        lag.computeIfAbsent(partition, tp -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("churn.consumer.lag", value, AtomicLong::get).description("Records behind the log end")
                    .tags("topic", tp.topic(), "partition", Integer.toString(tp.partition())).register(registry);
            return value;
        }).set(records);
    }

    /** The Prometheus text exposition, or empty when metrics are off. */
    public String scrape() {
        return prometheus == null ? "" : prometheus.scrape();
    }

    @Override
    public void close() {
        if (consumerMetrics != null) {
            consumerMetrics.close();
        }
        if (producerMetrics != null) {
            producerMetrics.close();
        }
        registry.close();
    }
}
