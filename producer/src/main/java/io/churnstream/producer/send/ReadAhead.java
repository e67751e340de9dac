package io.churnstream.producer.send;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.schema.CustomerSchema;
import io.churnstream.producer.source.CsvLine;
import io.churnstream.producer.source.CustomerCsv;
import io.churnstream.producer.source.CustomerSource;
import io.churnstream.producer.source.InputRow;
import io.churnstream.producer.source.SourceRow;

/**
 * Reads, checks and encodes rows on its own thread, at most {@value #CHUNKS} chunks of {@value #CHUNK_ROWS} rows ahead
 * of the sender, so CSV parsing and JSON writing overlap with compression and sending instead of adding to them.
 * Rows come out in source order; each gets its event_ts when encoded.
 */
final class ReadAhead implements AutoCloseable {

    static final int CHUNK_ROWS = 256;
    static final int CHUNKS = 16;
    private static final long SLICE_MILLIS = 100;

    /** Consecutive rows; {@code last} after the source's final row, {@code failure} when reading stopped on an error. */
    private record Chunk(EncodedRow[] rows, int size, boolean last, Throwable failure) {
    }

    private final CustomerSource source;
    private final RowReporter reporter;
    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(CHUNKS);
    private final EventClock clock = new EventClock();
    private final CustomerJson json;
    private final CustomerCsv csv = new CustomerCsv();
    /** Null when rows are checked against the schema, which needs the record. */
    private final CsvJsonFastPath fastPath;
    private final Thread thread;
    private volatile boolean closed;
    private Chunk current;
    private int position;

    ReadAhead(CustomerSource source, RowReporter reporter, WireFormat format) {
        this.source = source;
        this.reporter = reporter;
        this.json = new CustomerJson(format);
        this.fastPath = reporter.validates() ? null : new CsvJsonFastPath(CustomerSchema.bundled(), format);
        this.thread = new Thread(this::fill, "read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next row in source order, or null after the last one. */
    EncodedRow next() throws IOException {
        if (current == null || position == current.size()) {
            if (current != null && current.last()) {
                return null;
            }
            current = take();
            position = 0;
            if (current.failure() instanceof RuntimeException e) {
                throw e;
            }
            if (current.failure() instanceof IOException e) {
                throw e;
            }
            if (current.size() == 0) {
                return null;
            }
        }
        return current.rows()[position++];
    }

    private Chunk take() throws IOException {
        try {
            Chunk c;
            while ((c = queue.poll(SLICE_MILLIS, TimeUnit.MILLISECONDS)) == null) {
                if (!thread.isAlive() && queue.isEmpty()) {
                    throw new IOException("the input reader stopped unexpectedly");
                }
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the input", e);
        }
    }

    private void fill() {
        try {
            boolean last = false;
            while (!closed && !last) {
                EncodedRow[] rows = new EncodedRow[CHUNK_ROWS];
                int n = 0;
                InputRow row = null;
                while (n < CHUNK_ROWS && (row = source.nextInput()) != null) {
                    rows[n++] = encode(row);
                }
                last = row == null;
                put(new Chunk(rows, n, last, null));
            }
        } catch (IOException | RuntimeException e) {
            put(new Chunk(new EncodedRow[0], 0, true, e));
        }
    }

    private EncodedRow encode(InputRow input) {
        if (input instanceof CsvLine line && fastPath != null) {
            EncodedRow encoded = fastPath.encode(line.index(), line.bytes(), clock.now());
            if (encoded != null) {
                return encoded;
            }
        }
        SourceRow row = input instanceof CsvLine line ? line.parse(csv) : (SourceRow) input;
        List<String> problems = reporter.problems(row);
        if (!problems.isEmpty()) {
            reporter.rejected(row, problems);
            return EncodedRow.rejected(row.index());
        }
        CustomerRecord record = row.record().withEventTs(clock.now());
        return new EncodedRow(row.index(), CustomerJson.key(record), json.write(record));
    }

    private void put(Chunk chunk) {
        try {
            while (!closed && !queue.offer(chunk, SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                // the sender is behind: wait for room, or for close()
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops reading ahead; the source itself is closed by its owner afterwards. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
