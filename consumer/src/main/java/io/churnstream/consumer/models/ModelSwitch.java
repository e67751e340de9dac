package io.churnstream.consumer.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.churnstream.consumer.pipeline.PollListener;
import io.churnstream.consumer.pipeline.ScoringModel;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.RefusalReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of each poll. A consumer that follows the models topic takes the follower's latest selection over in
 * {@link #beforeProcessing()}, on the loop's thread before a poll is scored, never during one: every record of a
 * poll, and so of a transaction, is scored by one version. With {@code --model} the one model never changes.
 */
public final class ModelSwitch implements PollListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelSwitch.class);

    private final ModelFollower follower;
    private Consumer<ChurnModel> onSwap = model -> { };
    private volatile ModelFollower.Selection inUse;
    private volatile ScoringModel scoring;

    private ModelSwitch(ModelFollower follower, ModelFollower.Selection first) {
        this.follower = follower;
        this.inUse = first;
        this.scoring = scoring(first.active());
    }

    /** One model for the run, from {@code source} (a file, or the bundled one). */
    public static ModelSwitch fixed(ChurnModel model, String source) {
        return new ModelSwitch(null, new ModelFollower.Selection(model, source, null));
    }

    /** The follower's models; closing the switch stops the follower. */
    public static ModelSwitch following(ModelFollower follower) {
        return new ModelSwitch(follower, follower.selection());
    }

    /** {@code listener} hears of each new active model, on the loop's thread; set it before the loop starts. */
    public void onSwap(Consumer<ChurnModel> listener) {
        this.onSwap = listener;
    }

    /** Whether the models come from the models topic. */
    public boolean follows() {
        return follower != null;
    }

    /** Versions refused for {@code reason} in this run (none with one model for the run). */
    public long refusedCount(RefusalReason reason) {
        return follower == null ? 0 : follower.refusedCount(reason);
    }

    /** The refusals of this run, oldest first. */
    public List<ModelFollower.Refusal> refusals() {
        return follower == null ? List.of() : follower.refusals();
    }

    /** What scores the records of the current poll. */
    public ScoringModel current() {
        return scoring;
    }

    public ChurnModel active() {
        return inUse.active();
    }

    /** The shadow model, or null when there is none. */
    public ChurnModel shadow() {
        return inUse.shadow();
    }

    public String source() {
        return inUse.source();
    }

    @Override
    public void beforeProcessing() {
        if (follower == null) {
            return;
        }
        ModelFollower.Selection next = follower.selection();
        ModelFollower.Selection before = inUse;
        if (next == before) {
            return;
        }
        inUse = next;
        if (next.active() != before.active()) {
            scoring = scoring(next.active());
            LOG.info("model {} takes over from {} with this poll ({})", next.active().version(),
                    before.active().version(), next.source());
            onSwap.accept(next.active());
        }
        if (next.shadow() != before.shadow()) {
            LOG.info("shadow model: {}", next.shadow() == null ? "none" : next.shadow().version());
        }
    }

    /** The {@code model} check of {@code /health}: always UP, as a model always scores; which one, and why. */
    public Map<String, Object> health() {
        ModelFollower.Selection now = inUse;
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("status", "UP");
        check.put("version", now.active().version().toString());
        check.put("source", now.source());
        check.put("shadow", now.shadow() == null ? null : now.shadow().version().toString());
        if (follower != null) {
            check.putAll(follower.describe());
        }
        return check;
    }

    @Override
    public void close() {
        if (follower != null) {
            follower.close();
        }
    }

    private static ScoringModel scoring(ChurnModel model) {
        return new ScoringModel(model::score, model.version().toString());
    }
}
