package io.churnstream.consumer;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.KafkaOptions;
import io.churnstream.common.cli.ReplicationOptions;
import io.churnstream.common.cli.Shutdown;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.kafka.KafkaFailures;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.TopicAdmin;
import io.churnstream.common.kafka.Topics;
import io.churnstream.common.observe.MetricsServer;
import io.churnstream.common.report.ConsumerFigures;
import io.churnstream.common.report.RunSummary;
import io.churnstream.common.schema.CustomerSchema;
import io.churnstream.consumer.models.FollowOptions;
import io.churnstream.consumer.models.ModelFollower;
import io.churnstream.consumer.models.ModelSwitch;
import io.churnstream.consumer.models.ShadowScorer;
import io.churnstream.consumer.models.ShadowStats;
import io.churnstream.consumer.observe.BrokerWatch;
import io.churnstream.consumer.observe.ConsumerMetrics;
import io.churnstream.consumer.observe.Health;
import io.churnstream.consumer.pipeline.AtLeastOnceDelivery;
import io.churnstream.consumer.pipeline.DeadLetters;
import io.churnstream.consumer.pipeline.Delivery;
import io.churnstream.consumer.pipeline.PassThroughProcessor;
import io.churnstream.consumer.pipeline.PollListener;
import io.churnstream.consumer.pipeline.PollProcessor;
import io.churnstream.consumer.pipeline.RecordProcessor;
import io.churnstream.consumer.pipeline.RunLimits;
import io.churnstream.consumer.pipeline.ScoringLoop;
import io.churnstream.consumer.pipeline.ScoringProcessor;
import io.churnstream.consumer.pipeline.TransactionalDelivery;
import io.churnstream.consumer.report.ConsumerSummary;
import io.churnstream.consumer.report.RunStats;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.DriftWindow;
import io.churnstream.model.ModelCache;
import io.churnstream.model.ModelLoadException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of either subcommand: checks, model, broker, clients, the scoring loop, then the summary. */
final class ConsumerRun {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerRun.class);
    private static final int BROKER_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final long BROKER_WATCH_MILLIS = 5_000;
    private static final int WARM_UP_EVALUATIONS = 30_000;
    private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(3);
    /** A shadow send waits this long at most for the shadow topic's metadata, on the shadow scorer's thread. */
    private static final int SHADOW_MAX_BLOCK_MILLIS = 10_000;

    private final String mode;
    private final ConsumerOptions options;
    private final FollowOptions follow;
    private final KafkaOptions kafka;
    private final ReplicationOptions replication;
    private final Path reportsDir;
    private final PrintWriter out;
    /** The drift window of the model in use, if it has one; replaced on the loop's thread when a model takes over. */
    private DriftWindow drift;

    ConsumerRun(String mode, ConsumerOptions options, FollowOptions follow, KafkaOptions kafka, ReplicationOptions replication,
                Path reportsDir,
                PrintWriter out) {
        this.mode = mode;
        this.options = options;
        this.follow = follow;
        this.kafka = kafka;
        this.replication = replication;
        this.reportsDir = reportsDir;
        this.out = out;
    }

    int execute(RunLimits limits) {
        checkOptions();
        ModelCache cache = options.modelCache.cache();
        ChurnModel fixed = follows() ? null : loadModel(cache);
        BundledModel bundled = follows() ? BundledModel.loadInBackground(options.threshold, options.scoringEngine, cache)
                : null;
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(ConsumerConfig.GROUP_ID_CONFIG, options.consumerGroup);
        flags.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG,
                options.groupProtocol == null ? null : options.groupProtocol.name().toLowerCase(Locale.ROOT));
        KafkaSettings settings = kafka.settings(ClientDefaults.all(streaming()), flags);
        LOG.info("Kafka settings: {}", settings.describe());
        try (TopicAdmin admin = TopicAdmin.create(settings)) {
            admin.awaitReachable(kafka.connectTimeout());
            admin.ensureTopics(topics(), replication.requested());
            resumePoint(admin, settings.asMap().get(ConsumerConfig.GROUP_ID_CONFIG), kafka.connectTimeout());
            int deadLetterLimit = Math.min(admin.maxMessageBytes(options.deadLetterTopic, BROKER_DEFAULT_MAX_MESSAGE_BYTES),
                    producerSetting(settings, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576));
            OptionalLong modelsEnd = follows() ? admin.readableEnd(follow.modelsTopic(), kafka.connectTimeout())
                    : OptionalLong.empty();
            try (BrokerWatch watch = BrokerWatch.start(() -> reachable(admin), settings.bootstrapServers(), BROKER_WATCH_MILLIS)) {
                Supplier<ModelSwitch> models = fixed != null ? () -> ModelSwitch.fixed(fixed, fixedSource())
                        : () -> follow(settings, cache, bundled, modelsEnd);
                return score(settings, admin.failures(), models, deadLetterLimit, watch, limits);
            }
        }
    }

    /** streaming sends each poll's outputs as soon as it is scored; batch overlaps them with scoring the next poll. */
    private boolean streaming() {
        return mode.equals("streaming");
    }

    /** Without --model, the models topic decides (--pass-through scores nothing and needs no model). */
    private boolean follows() {
        return options.model == null && !options.passThrough;
    }

    private List<Topics.Spec> topics() {
        List<Topics.Spec> topics = new ArrayList<>(List.of(new Topics.Spec(options.inputTopic, Topics.RAW_PARTITIONS),
                new Topics.Spec(options.outputTopic, Topics.PREDICTION_PARTITIONS),
                new Topics.Spec(options.deadLetterTopic, Topics.DEAD_LETTER_PARTITIONS)));
        if (follows()) {
            topics.add(Topics.models(follow.modelsTopic()));
            topics.add(new Topics.Spec(follow.shadowTopic(), Topics.PREDICTION_PARTITIONS));
        }
        return topics;
    }

    /**
     * The scoring loop with its clients, metrics and signal handling; the run summary is reported however it ends. The
     * clients are created before {@code models} is asked for its model, which may still be loading meanwhile. A
     * refusal by the broker (a missing ACL on the input, the group or the transactional id) ends it through
     * {@code failures}.
     */
    private int score(KafkaSettings settings, KafkaFailures failures, Supplier<ModelSwitch> modelSource,
                      int deadLetterLimit, BrokerWatch watch, RunLimits limits) {
        String group = settings.asMap().get(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaFailures refusals = failures.withTransactionalId(transactionalId(group));
        RunStats stats = new RunStats();
        ShadowStats shadowStats = new ShadowStats();
        String outcome = "failed";
        ModelSwitch started = null;
        try (ConsumerMetrics metrics = options.metrics.enabled() ? ConsumerMetrics.prometheus() : ConsumerMetrics.none();
             Shutdown shutdown = Shutdown.install();
             KafkaConsumer<byte[], byte[]> consumer = consumer(settings);
             Delivery delivery = delivery(settings, group, consumer, metrics, refusals);
             ModelSwitch models = modelSource.get()) {
            started = models;
            Health health = new Health(watch::reachable, models::health);
            try (MetricsServer server = options.metrics.start(metrics::scrape, health::check);
                 PollProcessor processor = new PollProcessor(processor(models, group, deadLetterLimit), options.threads());
                 ShadowScorer shadow = shadowScorer(settings, models, shadowStats)) {
                String modelVersion = models.active().version().toString();
                metrics.modelInUse(modelVersion);
                metrics.bindConsumer(consumer);
                models.onSwap(model -> {
                    metrics.modelInUse(model.version().toString());
                    watchDrift(model, metrics);
                });
                metrics.countRefusals(models::refusedCount);
                shadowStats.exportTo(metrics.registry());
                watchDrift(models.active(), metrics);
                shutdown.onStop(consumer::wakeup);
                LOG.info("{} scoring {} -> {} (dead letters: {}) in group {} (protocol {}) with model {} from {}{}", mode,
                        options.inputTopic, options.outputTopic, options.deadLetterTopic, group,
                        settings.asMap().get(ConsumerConfig.GROUP_PROTOCOL_CONFIG), modelVersion, models.source(),
                        options.exactlyOnce ? ", exactly once" : ", at least once");
                ScoringLoop loop = new ScoringLoop(consumer, delivery, processor, stats, metrics, health, shutdown,
                        new ScoringLoop.Retry(options.maxAttempts, options.retryBackoffMs, MAX_BACKOFF_MILLIS),
                        new ScoringLoop.ErrorTolerance(options.maxErrorRatio, options.errorWindow),
                        shadow == null ? models : PollListener.both(models, shadow),
                        streaming() ? ScoringLoop.Completion.AFTER_SEND : ScoringLoop.Completion.OVERLAPPED);
                boolean idle = loop.run(options.inputTopic, limits);
                outcome = shutdown.stopped() ? "stopped" : idle ? "idle timeout" : "completed";
            }
        } catch (UnsupportedVersionException e) {
            throw unsupportedProtocol(settings, e);
        } catch (KafkaException e) {
            throw refusals.explained(e, KafkaFailures.Attempt.CONSUME);
        } finally {
            if (started != null) {
                report(ConsumerSummary.of(stats, mode, outcome, settings(group, started), refusals(started),
                        shadowStats.figures(), Optional.ofNullable(drift)));
            }
        }
        return ExitCodes.OK;
    }

    private void checkOptions() {
        if (!(options.threshold > 0 && options.threshold < 1)) {
            throw new UsageException("--threshold must be strictly between 0 and 1, got " + options.threshold);
        }
        if (options.maxAttempts < 1 || options.retryBackoffMs < 1 || options.threads() < 1) {
            throw new UsageException("--max-attempts, --retry-backoff-ms and --scoring-threads must be >= 1");
        }
        if (!(options.maxErrorRatio > 0 && options.maxErrorRatio <= 1) || options.errorWindow < 1) {
            throw new UsageException("--max-error-ratio must be above 0 and at most 1, and --error-window >= 1");
        }
        if (options.maxRecordBytes < 1024) {
            throw new UsageException("--max-record-bytes must be >= 1024, got " + options.maxRecordBytes);
        }
        options.metrics.check();
        if (options.driftWindow < 0) {
            throw new UsageException("--drift-window must be >= 0 (0 turns drift monitoring off), got " + options.driftWindow);
        }
    }

    /**
     * Logs where the group resumes; with {@code --from-committed-only}, refuses a group without committed offsets on
     * the input topic, so a mistyped group name cannot score the whole topic again.
     */
    private void resumePoint(TopicAdmin admin, String group, Duration timeout) {
        Map<Integer, Long> committed = admin.committedOffsets(group, options.inputTopic, timeout);
        if (committed.isEmpty()) {
            if (options.fromCommittedOnly) {
                throw new UsageException("consumer group '" + group + "' has no committed offset on "
                        + options.inputTopic + ", and --from-committed-only refuses to score the topic from the start: "
                        + "check --consumer-group against the group you are taking over, or drop --from-committed-only");
            }
            LOG.info("group {} has no committed offset on {}: it starts at {}", group, options.inputTopic,
                    "the beginning (auto.offset.reset=earliest unless set otherwise)");
            return;
        }
        int partitions = admin.partitions(options.inputTopic).orElse(committed.size());
        LOG.info("group {} resumes {} at its committed offsets {}{}", group, options.inputTopic, committed,
                committed.size() < partitions ? " (" + (partitions - committed.size())
                        + " partition(s) without one start at auto.offset.reset)" : "");
    }

    private ChurnModel loadModel(ModelCache cache) {
        try {
            ChurnModel model = options.model == null ? ChurnModel.bundled(options.threshold, options.scoringEngine, cache)
                    : ChurnModel.load(options.model, options.threshold, options.scoringEngine, CustomerSchema.bundled(), cache);
            if (!options.passThrough) {
                warmUp(model);
            }
            return model;
        } catch (ModelLoadException e) {
            throw new UsageException("cannot load model: " + e.getMessage()
                    + (options.model == null ? "" : " (check --model, or drop it to use the bundled model)"), e);
        }
    }

    private String fixedSource() {
        return options.model != null ? "file " + options.model : "bundled model (--pass-through scores nothing)";
    }

    /**
     * Reads the models topic and takes its active version (else the bundled model, loaded meanwhile in the background);
     * follows it from then on.
     */
    private ModelSwitch follow(KafkaSettings settings, ModelCache cache, BundledModel bundled, OptionalLong modelsEnd) {
        ModelFollower follower = ModelFollower.start(settings, follow.modelsTopic(),
                "churnstream-consumer-" + instanceId() + "-models", options.threshold, options.scoringEngine,
                kafka.connectTimeout(), cache, bundled::get, modelsEnd);
        ModelSwitch models = ModelSwitch.following(follower);
        LOG.info("model {} from {}", models.active().version(), models.source());
        warmUp(models.active());
        return models;
    }

    /**
     * Warms the JIT up on a thread of its own, while the clients start and the group is joined: those mostly wait on
     * the network, and a poll that arrives first is scored correctly, only more slowly.
     */
    private static void warmUp(ChurnModel model) {
        LOG.info("model {} scored by {}", model.version(), model.engine());
        Thread thread = new Thread(() -> {
            long start = System.nanoTime();
            int scored = model.warmUp(WARM_UP_EVALUATIONS, WARM_UP_BUDGET);
            LOG.info("model {} warmed up with {} evaluations in {} ms", model.version(), scored,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }, "model-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** The shadow's scorer and producer, when the models topic may name a shadow; null otherwise. */
    private ShadowScorer shadowScorer(KafkaSettings settings, ModelSwitch models, ShadowStats stats) {
        if (!models.follows()) {
            return null;
        }
        Map<String, Object> extra = Map.of(ProducerConfig.CLIENT_ID_CONFIG, "churnstream-consumer-" + instanceId() + "-shadow",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, SHADOW_MAX_BLOCK_MILLIS);
        Properties properties = settings.forClient("producer", ProducerConfig.configNames(), extra);
        properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new ShadowScorer(models::shadow, follow.shadowTopic(),
                new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer()), stats);
    }

    private static List<ConsumerFigures.ModelRefusal> refusals(ModelSwitch models) {
        return models.refusals().stream().map(r -> new ConsumerFigures.ModelRefusal(r.version(), r.reason().wireName(),
                r.message(), r.at().toString())).toList();
    }

    /** Measures drift against {@code model}'s training profile from now on, unless drift monitoring is off. */
    private void watchDrift(ChurnModel model, ConsumerMetrics metrics) {
        if (options.passThrough) {
            return;
        }
        if (options.driftWindow == 0) {
            LOG.info("drift monitoring off (--drift-window 0)");
        } else if (model.referenceProfile().isEmpty()) {
            drift = null;
            metrics.stopDrift();
            LOG.info("drift monitoring off: the card of model {} has no reference profile", model.version());
        } else {
            drift = new DriftWindow(model.referenceProfile().get(), options.driftWindow);
            metrics.watchDrift(drift);
            LOG.info("drift monitoring: the last {} scored records against the training profile of model {}",
                    options.driftWindow, model.version());
        }
    }

    private RecordProcessor processor(ModelSwitch models, String group, int deadLetterLimit) {
        if (options.passThrough) {
            return new PassThroughProcessor(options.outputTopic);
        }
        return new ScoringProcessor(models::current, options.outputTopic,
                new DeadLetters(options.deadLetterTopic, group, deadLetterLimit, options.deadLetterFormat),
                options.maxRecordBytes);
    }

    private KafkaConsumer<byte[], byte[]> consumer(KafkaSettings settings) {
        try {
            return new KafkaConsumer<>(GroupProtocols.fit(consumerProperties(settings)), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
        } catch (KafkaException e) {
            throw KafkaFailures.badSettings(e);
        }
    }

    private Properties consumerProperties(KafkaSettings settings) {
        Map<String, Object> forced = Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "churnstream-consumer-" + instanceId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return settings.forClient("consumer", ConsumerConfig.configNames(), forced);
    }

    /** A cluster that does not serve the group protocol asked for (the consumer one, on Redpanda or Kafka before 4.0). */
    private RuntimeException unsupportedProtocol(KafkaSettings settings, UnsupportedVersionException e) {
        if (GroupProtocols.of(consumerProperties(settings)) != GroupProtocol.CONSUMER) {
            return e;
        }
        return new UsageException("the cluster at " + settings.bootstrapServers() + " does not serve group protocol "
                + "consumer (it needs Kafka 4.0 or later with the consumer rebalance protocol enabled; Redpanda serves "
                + "only classic): run with --group-protocol classic", e);
    }

    private Delivery delivery(KafkaSettings settings, String group, KafkaConsumer<byte[], byte[]> consumer,
                              ConsumerMetrics metrics, KafkaFailures failures) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(ProducerConfig.CLIENT_ID_CONFIG, "churnstream-consumer-" + instanceId() + "-out");
        if (options.exactlyOnce) {
            extra.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(group));
        }
        Supplier<Producer<byte[], byte[]>> producers = () -> {
            KafkaProducer<byte[], byte[]> p;
            try {
                p = new KafkaProducer<>(settings.forClient("producer", ProducerConfig.configNames(), extra),
                        new ByteArraySerializer(), new ByteArraySerializer());
            } catch (KafkaException e) {
                throw KafkaFailures.badSettings(e);
            }
            metrics.bindProducer(p);
            return p;
        };
        return options.exactlyOnce ? new TransactionalDelivery(producers, consumer, transactionalId(group), failures)
                : new AtLeastOnceDelivery(producers, consumer, failures);
    }

    private String transactionalId(String group) {
        return "churnstream-consumer-" + group + "-" + instanceId();
    }

    private String instanceId() {
        if (options.instanceId != null) {
            return options.instanceId;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "local";
        }
    }

    private ConsumerFigures.Settings settings(String group, ModelSwitch models) {
        return new ConsumerFigures.Settings(group, options.inputTopic, options.outputTopic, options.deadLetterTopic,
                options.exactlyOnce ? "exactly-once" : "at-least-once", models.active().version().toString(),
                models.source(), options.threshold, options.threads(), options.passThrough);
    }

    private void report(RunSummary<ConsumerFigures> summary) {
        ConsumerSummary.print(summary, out);
        try {
            Path json = ConsumerSummary.write(summary, reportsDir);
            LOG.info("run summary written to {} (and .html)", json);
        } catch (IOException e) {
            LOG.warn("cannot write the run summary to {}: {}", reportsDir, e.getMessage());
        }
    }

    private static boolean reachable(TopicAdmin admin) {
        return admin.serving(Duration.ofSeconds(2));
    }

    private static int producerSetting(KafkaSettings settings, String key, int fallback) {
        String value = settings.forClient("producer", ProducerConfig.configNames(), Map.of()).getProperty(key);
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("Kafka setting " + key + " must be a number, got '" + value + "'");
        }
    }
}
