package io.churnstream.consumer.models;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.ModelCache;
import io.churnstream.model.ModelLoadException;
import io.churnstream.model.ModelRegistry;
import io.churnstream.model.RefusalReason;
import io.churnstream.model.RoleChange;
import io.churnstream.model.ScoringEngine;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a models topic on a thread of its own: reads it from the first record, then each record as it comes,
 * checks every version it sees as {@link ChurnModel#admit} does (parse, contract, verify, compiled scorer), warms it
 * up, and offers the loop the active and shadow models it has loaded ({@link #selection()}); the loop takes them over
 * between polls. A version it refuses is logged with the reason and counted, and the model before keeps scoring.
 * Once started it also loads the newest versions published before, and the last few versions it loaded stay loaded,
 * so activating one of them, or rolling back to one, takes no loading at all.
 */
public final class ModelFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);
    private static final int LOADED_VERSIONS = 4;
    private static final int REFUSALS_KEPT = 100;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    /** A swapped-in model runs the compiled scorer's code, which the model before has compiled already. */
    private static final int WARM_UP_EVALUATIONS = 2_000;
    private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(1);

    /** The models the loop should score with, and where the active one came from. */
    public record Selection(ChurnModel active, String source, ChurnModel shadow) {
    }

    private record Loaded(long offset, ChurnModel model) {
    }

    /** A version, or an unreadable record, that was refused: when and why. */
    public record Refusal(String version, RefusalReason reason, String message, Instant at) {
    }

    private final ModelsReader reader;
    private final double threshold;
    private final ScoringEngine engine;
    private final ModelCache cache;
    private final Supplier<ChurnModel> bundled;
    private final Map<RefusalReason, AtomicLong> refusedByReason = new EnumMap<>(RefusalReason.class);
    private final ModelRegistry registry = new ModelRegistry();
    /** Versions loaded, least recently used first, with the offset of the record they were loaded from. */
    private final Map<String, Loaded> loaded = new LinkedHashMap<>(16, 0.75f, true);
    /** Per refused version, the offset of the record refused (-1: none), so a record is refused once. */
    private final Map<String, Long> refusedAt = new HashMap<>();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile Selection selection;
    private volatile String topicActive;
    private volatile String topicShadow;
    private volatile boolean closed;

    private ModelFollower(ModelsReader reader, double threshold, ScoringEngine engine, ModelCache cache,
                          Supplier<ChurnModel> bundled) {
        this.reader = reader;
        this.threshold = threshold;
        this.engine = engine;
        this.cache = cache;
        this.bundled = bundled;
        for (RefusalReason reason : RefusalReason.values()) {
            refusedByReason.put(reason, new AtomicLong());
        }
        this.thread = new Thread(this::follow, "model-follower");
        thread.setDaemon(true);
    }

    /**
     * Reads {@code topic} to its end and loads the model to start with: the active version, else the newest version
     * that was active and passes the checks, else {@code bundled}; then follows the topic in the background. Versions
     * are loaded through {@code cache}. Fails with exit 1 when the topic cannot be read within {@code timeout}.
     * {@code knownEnd} is the topic's readable end if the caller knows it: at 0 there is nothing to read before
     * starting, and whatever is published meanwhile is taken over as the topic is followed.
     */
    public static ModelFollower start(KafkaSettings settings, String topic, String clientId, double threshold,
                                      ScoringEngine engine, Duration timeout, ModelCache cache,
                                      Supplier<ChurnModel> bundled, OptionalLong knownEnd) {
        ModelsReader reader = new ModelsReader(settings, topic, clientId);
        ModelFollower follower = new ModelFollower(reader, threshold, engine, cache, bundled);
        try {
            follower.catchUp(timeout, knownEnd);
            follower.selection = follower.initial();
        } catch (KafkaException e) {
            reader.close();
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot read the models topic " + topic + ": "
                    + e.getMessage() + " (grant this consumer READ on it, or score with one model: --model FILE)", e);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        follower.thread.start();
        return follower;
    }

    /** The models to score the next poll with. */
    public Selection selection() {
        return selection;
    }

    /** What the topic asks for and the last refusal, for {@code /health}. */
    public Map<String, Object> describe() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("topic", reader.topic());
        state.put("active_on_topic", topicActive);
        state.put("shadow_on_topic", topicShadow);
        if (!refusals.isEmpty()) {
            Refusal last = refusals.get(refusals.size() - 1);
            state.put("last_refusal", Map.of("version", last.version(), "reason", last.reason().wireName(),
                    "message", last.message(), "at", last.at().toString()));
        }
        return state;
    }

    /** How many versions, or unreadable records, were refused for {@code reason} in this run. */
    public long refusedCount(RefusalReason reason) {
        return refusedByReason.get(reason).get();
    }

    /** The refusals of this run, oldest first (the last {@value #REFUSALS_KEPT}). */
    public List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    private void catchUp(Duration timeout, OptionalLong knownEnd) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (knownEnd.isPresent() && knownEnd.getAsLong() == 0) {
            LOG.info("{} holds no version yet: following it from the start", reader.topic());
            return;
        }
        long end = knownEnd.isPresent() ? knownEnd.getAsLong() : reader.end(timeout);
        while (reader.position(timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot read the models topic " + reader.topic()
                        + " to its end within " + timeout.toSeconds() + " s (check the broker, or score with one model: "
                        + "--model FILE)");
            }
            for (ConsumerRecord<String, byte[]> r : reader.poll(POLL)) {
                apply(r);
            }
        }
        LOG.info("read {} up to offset {}: {} version(s), active {}, shadow {}", reader.topic(), end,
                registry.entries().size(), registry.active().orElse("none"), registry.shadow().orElse("none"));
    }

    private Selection initial() {
        List<String> history = new ArrayList<>(registry.activeHistory());
        for (int i = history.size() - 1; i >= 0; i--) {
            ChurnModel model = admit(history.get(i));
            if (model != null) {
                String wanted = registry.active().orElseThrow();
                String source = model.version().id().equals(wanted) ? reader.topic() + " (active version)"
                        : reader.topic() + " (the newest loadable version that was active: " + wanted + " was refused)";
                return new Selection(model, source, registry.shadow().map(this::admit).orElse(null));
            }
        }
        String why = registry.isEmpty() ? "nothing published on " + reader.topic()
                : history.isEmpty() ? "no version on " + reader.topic() + " was ever made active"
                : "every version made active on " + reader.topic() + " was refused";
        return new Selection(bundled.get(), "bundled model (" + why + ")",
                registry.shadow().map(this::admit).orElse(null));
    }

    private void follow() {
        int failures = 0;
        try {
            preload();
            while (!closed) {
                try {
                    List<ConsumerRecord<String, byte[]>> records = reader.poll(POLL);
                    if (failures > 0) {
                        LOG.info("reading the models topic {} again", reader.topic());
                        failures = 0;
                    }
                    List<String> published = new ArrayList<>();
                    for (ConsumerRecord<String, byte[]> r : records) {
                        if (apply(r) && r.key() != null && !RoleChange.isControlKey(r.key()) && r.value() != null) {
                            published.add(r.key());
                        }
                    }
                    if (!records.isEmpty()) {
                        reconcile(published);
                    }
                } catch (WakeupException e) {
                    if (!closed) {
                        throw e;
                    }
                } catch (KafkaException e) {
                    failures++;
                    long backoff = Math.min(MAX_BACKOFF_MILLIS, 500L << Math.min(10, failures));
                    if (failures == 1) {
                        LOG.warn("cannot read the models topic {} ({}); still scoring with {}, retrying", reader.topic(),
                                e.getMessage(), selection.active().version());
                    }
                    sleep(backoff);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("the model follower stopped ({}); scoring continues with {} and no later model is taken over",
                    e.toString(), selection.active().version(), e);
        } finally {
            reader.close();
        }
    }

    /**
     * Loads and checks the newest published versions that are not loaded yet, as many as are kept loaded, so that
     * activating one of them later takes no loading.
     */
    private void preload() {
        List<ModelRegistry.Entry> newestFirst = new ArrayList<>(registry.entries());
        Collections.reverse(newestFirst);
        for (ModelRegistry.Entry entry : newestFirst) {
            if (closed || loaded.size() >= LOADED_VERSIONS) {
                return;
            }
            if (entry.readable() && !loaded.containsKey(entry.version())) {
                admit(entry.version());
            }
        }
    }

    /** Folds one record in; returns whether it counted (a refused record is reported). */
    private boolean apply(ConsumerRecord<String, byte[]> r) {
        Optional<ModelLoadException> problem = registry.apply(r.key(), r.value(), r.offset());
        problem.ifPresent(e -> refuse(r.key() == null ? "offset " + r.offset() : r.key(), r.offset(), e));
        topicActive = registry.active().orElse(null);
        topicShadow = registry.shadow().orElse(null);
        return problem.isEmpty();
    }

    /** Checks the newly published versions, then takes over what the topic names active and shadow, if it can. */
    private void reconcile(List<String> published) {
        for (String version : published) {
            admit(version);
        }
        Selection current = selection;
        ChurnModel active = current.active();
        String source = current.source();
        Optional<String> wanted = registry.active();
        if (wanted.isPresent() && (!wanted.get().equals(active.version().id()) || !source.startsWith(reader.topic()))) {
            ChurnModel next = admit(wanted.get());
            if (next != null) {
                active = next;
                source = reader.topic() + " (active version)";
            }
        }
        ChurnModel shadow = current.shadow();
        Optional<String> wantedShadow = registry.shadow();
        if (wantedShadow.isEmpty()) {
            shadow = null;
        } else if (shadow == null || !wantedShadow.get().equals(shadow.version().id())) {
            ChurnModel next = admit(wantedShadow.get());
            shadow = next != null ? next : shadow;
        }
        if (active != current.active() || shadow != current.shadow()) {
            selection = new Selection(active, source, shadow);
        }
    }

    /** The version loaded and checked, from memory if it was before; null when it is refused (and reported once). */
    private ChurnModel admit(String version) {
        Optional<ModelRegistry.Entry> found = registry.entry(version);
        long offset = found.map(ModelRegistry.Entry::offset).orElse(-1L);
        Loaded known = loaded.get(version);
        if (known != null && known.offset() == offset) {
            return known.model();
        }
        if (Long.valueOf(offset).equals(refusedAt.get(version))) {
            return null;
        }
        if (found.isEmpty()) {
            refuse(version, offset, new ModelLoadException(RefusalReason.UNKNOWN_VERSION, reader.topic() + " names "
                    + version + " for a role, but holds no such version"));
            return null;
        }
        if (!found.get().readable()) {
            refuse(version, offset, found.get().problem());
            return null;
        }
        try {
            long start = System.nanoTime();
            ChurnModel model = ChurnModel.admit(found.get().release(), threshold, engine, cache);
            model.warmUp(WARM_UP_EVALUATIONS, WARM_UP_BUDGET);
            refusedAt.remove(version);
            keep(version, new Loaded(offset, model));
            LOG.info("model {} from {} loaded and checked in {} ms: scored by {}", model.version(), reader.topic(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), model.engine());
            return model;
        } catch (ModelLoadException e) {
            refuse(version, offset, e);
            return null;
        }
    }

    /** Keeps {@code model} loaded, and the last few others, never dropping the models in use. */
    private void keep(String version, Loaded model) {
        loaded.put(version, model);
        Selection inUse = selection;
        Iterator<Loaded> eldest = loaded.values().iterator();
        while (loaded.size() > LOADED_VERSIONS && eldest.hasNext()) {
            ChurnModel candidate = eldest.next().model();
            if (inUse == null || candidate != inUse.active() && candidate != inUse.shadow()) {
                eldest.remove();
            }
        }
    }

    private void refuse(String version, long offset, ModelLoadException e) {
        refusedAt.put(version, offset);
        Refusal refusal = new Refusal(version, e.reason(), e.getMessage(), Instant.now());
        if (refusals.size() >= REFUSALS_KEPT) {
            refusals.remove(0);
        }
        refusals.add(refusal);
        Selection current = selection;
        LOG.warn("refused model {} from {} ({}): {}; {}", version, reader.topic(), e.reason().wireName(), e.getMessage(),
                current == null ? "looking for another" : "scoring continues with " + current.active().version());
        refusedByReason.get(e.reason()).incrementAndGet();
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops following; the models it handed out stay usable. */
    @Override
    public void close() {
        closed = true;
        reader.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
