package io.churnstream.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.producer.source.CsvCustomerSource;
import io.churnstream.producer.source.SourceRow;

/**
 * The exact value and key sizes the producer sends for a CSV (its JSON with a 24-character event_ts), and a payload
 * file of such values, one per line, so ProducerPerformance sends records of the same size and compressibility.
 */
record Payload(long rows, long rejected, double avgValueBytes, double avgKeyBytes, long payloadLines) {

    private static final String EVENT_TS = "2026-11-25T10:00:00.000Z";

    /** Reads every row of {@code csv} and writes the first {@code sample} values to {@code out}. */
    static Payload measure(Path csv, Path out, int sample) {
        ObjectWriter writer = Json.writerFor(CustomerRecord.class);
        long rows = 0;
        long rejected = 0;
        long valueBytes = 0;
        long keyBytes = 0;
        long written = 0;
        try (CsvCustomerSource source = CsvCustomerSource.open(csv, 0);
             OutputStream payloads = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            SourceRow row;
            while ((row = source.next()) != null) {
                if (!row.ok()) {
                    rejected++;
                    continue;
                }
                byte[] value = writer.writeValueAsBytes(row.record().withEventTs(EVENT_TS));
                rows++;
                valueBytes += value.length;
                keyBytes += row.record().customerId().getBytes(StandardCharsets.UTF_8).length;
                if (written < sample) {
                    payloads.write(value);
                    payloads.write('\n');
                    written++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Payload(rows, rejected, rows == 0 ? 0 : Figures.round(valueBytes / (double) rows, 1),
                rows == 0 ? 0 : Figures.round(keyBytes / (double) rows, 1), written);
    }

    Map<String, Object> toJson() {
        return Figures.obj("rows", rows, "rejected", rejected, "avg_value_bytes", avgValueBytes, "avg_key_bytes", avgKeyBytes,
                "payload_lines", payloadLines);
    }
}
