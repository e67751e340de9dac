package io.churnstream.consumer;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.ModelCache;
import io.churnstream.model.ScoringEngine;

/**
 * The bundled model, loaded and checked on a thread of its own while the broker is checked and the models topic is
 * read, in case the topic names no loadable version; its parse also loads the classes a topic version needs.
 */
final class BundledModel {

    private final FutureTask<ChurnModel> task;

    private BundledModel(FutureTask<ChurnModel> task) {
        this.task = task;
    }

    static BundledModel loadInBackground(double threshold, ScoringEngine engine, ModelCache cache) {
        FutureTask<ChurnModel> task = new FutureTask<>(() -> ChurnModel.bundled(threshold, engine, cache));
        Thread thread = new Thread(task, "bundled-model-loader");
        thread.setDaemon(true);
        thread.start();
        return new BundledModel(task);
    }

    /** The model, once loaded; its load's failure as thrown on the calling thread. */
    ChurnModel get() {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | CancellationException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "interrupted while loading the bundled model", e);
        }
    }
}
