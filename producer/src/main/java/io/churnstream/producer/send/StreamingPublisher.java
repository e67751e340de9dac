package io.churnstream.producer.send;

import java.util.function.Supplier;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.Shutdown;
import io.churnstream.common.kafka.KafkaFailures;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.producer.report.RunStats;

/** Sends one customer per tick of the rate limiter until stopped, the duration ends, or the event budget is spent. */
public final class StreamingPublisher {

    private final RecordSink sink;
    private final RunStats stats;
    private final Shutdown shutdown;
    private final WireFormat format;

    public StreamingPublisher(RecordSink sink, RunStats stats, Shutdown shutdown, WireFormat format) {
        this.sink = sink;
        this.stats = stats;
        this.shutdown = shutdown;
        this.format = format;
    }

    /** {@code maxEvents} and {@code durationNanos} are ignored when not positive. */
    public void run(Supplier<CustomerRecord> customers, double eventsPerSecond, long maxEvents, long durationNanos) {
        AckWatermark acks = new AckWatermark(0);
        EventClock clock = new EventClock();
        CustomerJson json = new CustomerJson(format);
        RateLimiter limiter = new RateLimiter(eventsPerSecond, System::nanoTime);
        long end = durationNanos > 0 ? System.nanoTime() + durationNanos : Long.MAX_VALUE;
        long n = 0;
        while (!shutdown.stopped() && acks.failure() == null && (maxEvents <= 0 || n < maxEvents)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                break;
            }
            long wait = limiter.nanosUntilNext();
            if (wait > 0) {
                shutdown.awaitStop(Math.min(wait, left));
                continue;
            }
            stats.read();
            CustomerRecord record = customers.get().withEventTs(clock.now());
            sink.send(n++, CustomerJson.key(record), json.write(record), acks);
            limiter.issued();
        }
        sink.flush();
        if (acks.failure() != null) {
            throw new CliException(KafkaFailures.exitCode(acks.failure()), "event could not be delivered: " + acks.failure().getMessage(),
                    acks.failure());
        }
    }
}
