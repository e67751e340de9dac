package io.churnstream.producer.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress on stderr: a bar with rate and ETA on a terminal, otherwise a log line every few seconds. */
public final class Progress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
    });
    private final RunStats stats;
    private final DoubleSupplier fraction;
    private final boolean terminal;
    private final PrintStream err = System.err;

    /** {@code fraction} gives 0..1 of the input done, or a negative number when the total is unknown. */
    public Progress(RunStats stats, DoubleSupplier fraction, boolean terminal, long logEverySeconds) {
        this.stats = stats;
        this.fraction = fraction;
        this.terminal = terminal;
        long periodMillis = terminal ? 500 : logEverySeconds * 1000;
        timer.scheduleAtFixedRate(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    public static boolean onTerminal() {
        return System.console() != null;
    }

    static String line(long sent, long rejected, double seconds, double fraction, boolean bar) {
        double rate = seconds > 0 ? sent / seconds : 0;
        StringBuilder b = new StringBuilder();
        if (bar && fraction >= 0) {
            int filled = (int) Math.round(fraction * 30);
            b.append('[').append("#".repeat(filled)).append(" ".repeat(30 - filled)).append("] ");
        }
        if (fraction >= 0) {
            b.append(String.format(Locale.ROOT, "%3.0f%% ", fraction * 100));
        }
        b.append(String.format(Locale.ROOT, "%,d sent, %,d rejected, %,.0f/s", sent, rejected, rate));
        if (fraction > 0 && fraction < 1) {
            long eta = Math.round(seconds * (1 - fraction) / fraction);
            b.append(String.format(Locale.ROOT, ", ETA %d:%02d", eta / 60, eta % 60));
        }
        return b.toString();
    }

    private void tick() {
        String l = line(stats.sentCount(), stats.rejectedCount(), stats.elapsedSeconds(), fraction.getAsDouble(), terminal);
        if (terminal) {
            err.print("\r" + l + "   ");
            err.flush();
        } else {
            LOG.info("progress: {}", l);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (terminal) {
            err.println();
        }
    }
}
