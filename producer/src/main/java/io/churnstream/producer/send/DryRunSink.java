package io.churnstream.producer.send;

import java.io.PrintWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.producer.report.RunStats;

/** {@code --dry-run}: prints the JSON that would be sent, one line per record, and acknowledges at once. */
public final class DryRunSink implements RecordSink {

    private final ObjectWriter writer = Json.writerFor(CustomerRecord.class);
    private final PrintWriter out;
    private final RunStats stats;

    public DryRunSink(PrintWriter out, RunStats stats) {
        this.out = out;
        this.stats = stats;
    }

    @Override
    public void send(long row, CustomerRecord record, AckWatermark acks) {
        try {
            out.println(writer.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            acks.fail(row, e);
            return;
        }
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
