package io.churnstream.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.producer.source.CsvCustomerSource;
import io.churnstream.producer.source.SourceRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The exact value and key sizes the producer sends for a CSV (its JSON with a 24-character event_ts), and a payload
 * file of such values, one per line, so ProducerPerformance sends records of the same size and compressibility.
 */
@Command(name = "payload", mixinStandardHelpOptions = true,
        description = "Prints {rows, avg_value_bytes, avg_key_bytes, ...} as JSON for --input; writes --sample values to --out.")
final class PayloadCommand implements Callable<Integer> {

    private static final String EVENT_TS = "2026-11-25T10:00:00.000Z";

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE.csv", description = "Telco CSV, as for producer.jar batch.")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Payload file for ProducerPerformance --payload-file.")
    Path out;

    @Option(names = "--sample", defaultValue = "20000", description = "Values written to --out (the first rows).")
    int sample;

    @Override
    public Integer call() throws IOException {
        if (sample < 1) {
            throw new UsageException("--sample must be >= 1");
        }
        ObjectWriter writer = Json.writerFor(CustomerRecord.class);
        long rows = 0;
        long rejected = 0;
        long valueBytes = 0;
        long keyBytes = 0;
        long written = 0;
        try (CsvCustomerSource csv = CsvCustomerSource.open(input, 0);
             OutputStream payloads = out == null ? OutputStream.nullOutputStream()
                     : new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            SourceRow row;
            while ((row = csv.next()) != null) {
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
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows", rows);
        result.put("rejected", rejected);
        result.put("avg_value_bytes", rows == 0 ? 0.0 : Math.round(valueBytes * 10.0 / rows) / 10.0);
        result.put("avg_key_bytes", rows == 0 ? 0.0 : Math.round(keyBytes * 10.0 / rows) / 10.0);
        result.put("payload_file", out == null ? null : out.toString());
        result.put("payload_lines", written);
        System.out.println(Json.writeString(result));
        return ExitCodes.OK;
    }
}
