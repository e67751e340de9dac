package io.churnstream.consumer.pipeline;

import java.util.List;

/** What the loop tells others between polls, on its own thread; neither call may block for long. */
public interface PollListener {

    PollListener NONE = new PollListener() {
    };

    /** A poll returned and is about to be processed: no record is being scored, so the model may change now. */
    default void beforeProcessing() {
    }

    /** The outputs of a poll were acknowledged and its offsets committed. */
    default void delivered(List<Outcome> outcomes) {
    }

    /** Both, in turn: {@code first}'s call, then {@code second}'s. */
    static PollListener both(PollListener first, PollListener second) {
        return new PollListener() {
            @Override
            public void beforeProcessing() {
                first.beforeProcessing();
                second.beforeProcessing();
            }

            @Override
            public void delivered(List<Outcome> outcomes) {
                first.delivered(outcomes);
                second.delivered(outcomes);
            }
        };
    }
}
