package io.churnstream.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.churnstream.common.TestJars;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.producer.source.CustomerCsv;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A synthetic input made by {@code producer.jar generate}, never the real dataset. Its ids are whole rows rather
 * than customerIDs, because generated customerIDs may repeat: a row read back from the raw topic is its value
 * without {@code event_ts}, written in the same CSV format, so "every row present" is checked row by row.
 */
final class GeneratedInput {

    private final Path file;
    private final List<String> rows;
    private final Ledger ledger;

    private GeneratedInput(Path file, List<String> rows) {
        this.file = file;
        this.rows = rows;
        this.ledger = Ledger.of(rows);
    }

    static GeneratedInput generate(Path dir, int rows, long seed) {
        Path file = dir.resolve("customers-" + rows + "-" + seed + ".csv");
        Path log = dir.resolve("generate.log");
        int exit = TestJars.run(Jars.PRODUCER, log, Duration.ofMinutes(3), List.of("generate",
                "--rows", Integer.toString(rows), "--seed", Long.toString(seed), "--out", file.toString(),
                "--log-dir", dir.resolve("logs").toString()));
        if (exit != 0) {
            throw new AssertionError("generate exited " + exit + ": " + read(log));
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.size() != rows + 1) {
            throw new AssertionError("generate wrote " + (lines.size() - 1) + " rows instead of " + rows);
        }
        return new GeneratedInput(file, List.copyOf(lines.subList(1, lines.size())));
    }

    Path file() {
        return file;
    }

    /** Data rows in file order: row i is the one a checkpoint's {@code nextRow = i} sends next. */
    List<String> rows() {
        return rows;
    }

    Ledger ledger() {
        return ledger;
    }

    /** The rows on {@code topic}, read to its end; a record whose key is not its customerID counts as a foreign row. */
    static Ledger rowsOn(TopicIO audit, String topic, boolean readCommitted) {
        List<ConsumerRecord<byte[], byte[]>> records = audit.readAll(topic, readCommitted);
        List<String> rows = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            rows.add(row(r));
        }
        return Ledger.of(rows);
    }

    private static String row(ConsumerRecord<byte[], byte[]> r) {
        String key = TopicIO.key(r);
        try {
            CustomerRecord value = Json.read(r.value(), CustomerRecord.class);
            String row = CustomerCsv.format(value.withEventTs(null));
            return key.equals(value.customerId()) ? row : "key " + key + " on " + row;
        } catch (IOException | RuntimeException e) {
            return "unreadable value at " + r.topic() + "-" + r.partition() + "@" + r.offset();
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
