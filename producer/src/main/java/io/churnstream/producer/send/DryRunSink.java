package io.churnstream.producer.send;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import io.churnstream.producer.report.RunStats;

/** {@code --dry-run}: prints the JSON that would be sent, one line per record, and acknowledges at once. */
public final class DryRunSink implements RecordSink {

    private final PrintWriter out;
    private final RunStats stats;

    public DryRunSink(PrintWriter out, RunStats stats) {
        this.out = out;
        this.stats = stats;
    }

    @Override
    public void send(long row, byte[] key, byte[] value, AckWatermark acks) {
        out.println(new String(value, StandardCharsets.UTF_8));
        stats.sent();
        acks.complete(row);
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
