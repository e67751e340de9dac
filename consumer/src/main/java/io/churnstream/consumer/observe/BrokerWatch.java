package io.churnstream.consumer.observe;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster every few seconds whether it answers and can take writes, so an outage shows as one WARN line (and a DOWN health
 * check) instead of silence while the Kafka clients retry, and its end as one INFO line.
 */
public final class BrokerWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerWatch.class);

    private final BooleanSupplier check;
    private final String bootstrap;
    private final ScheduledExecutorService timer;
    private volatile boolean reachable = true;
    private long downSince;

    private BrokerWatch(BooleanSupplier check, String bootstrap, ScheduledExecutorService timer) {
        this.check = check;
        this.bootstrap = bootstrap;
        this.timer = timer;
    }

    /** Starts checking every {@code periodMillis}; {@code check} must return within a few seconds. */
    public static BrokerWatch start(BooleanSupplier check, String bootstrap, long periodMillis) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "broker-watch");
            t.setDaemon(true);
            return t;
        });
        BrokerWatch watch = new BrokerWatch(check, bootstrap, timer);
        timer.scheduleWithFixedDelay(watch::probe, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return watch;
    }

    public boolean reachable() {
        return reachable;
    }

    void probe() {
        boolean now = check.getAsBoolean();
        if (reachable && !now) {
            downSince = System.currentTimeMillis();
            LOG.warn("Kafka at {} does not answer or has lost its controller quorum; the clients keep retrying and "
                    + "nothing is committed until it is back", bootstrap);
        } else if (!reachable && now) {
            LOG.info("Kafka at {} answers again after {} s", bootstrap, (System.currentTimeMillis() - downSince) / 1000);
        }
        reachable = now;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
