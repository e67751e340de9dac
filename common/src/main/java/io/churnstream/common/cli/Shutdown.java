package io.churnstream.common.cli;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stop request from SIGINT/SIGTERM (or the JVM shutting down): loops poll {@link #stopped()} or wait on
 * {@link #awaitStop(long)}, then flush and report. Signals are handled directly so a clean stop exits 0; the
 * shutdown hook covers any other shutdown and waits for the run to finish.
 */
public final class Shutdown implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onJvmShutdown, "churnstream-shutdown");
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public static Shutdown install() {
        Shutdown s = new Shutdown();
        Runtime.getRuntime().addShutdownHook(s.hook);
        for (String name : new String[]{"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> s.request("SIG" + name));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("cannot handle SIG{} directly; the shutdown hook will stop the run", name);
            }
        }
        return s;
    }

    /** A stop that only the caller can trigger, for tests and nested runs. */
    public static Shutdown manual() {
        return new Shutdown();
    }

    public void request(String why) {
        if (stop.getCount() > 0) {
            LOG.info("stop requested ({}): flushing and finishing", why);
            stop.countDown();
            listeners.forEach(Runnable::run);
        }
    }

    /** Runs {@code listener} on the stop request (for example {@code consumer::wakeup}); at once if already stopped. */
    public void onStop(Runnable listener) {
        listeners.add(listener);
        if (stopped()) {
            listener.run();
        }
    }

    public boolean stopped() {
        return stop.getCount() == 0;
    }

    /** Waits up to {@code nanos} for a stop request; true when stopped. */
    public boolean awaitStop(long nanos) {
        try {
            return stop.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
            return true;
        }
    }

    private void onJvmShutdown() {
        request("JVM shutdown");
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // already shutting down, or a manual instance without a hook
        }
    }
}
