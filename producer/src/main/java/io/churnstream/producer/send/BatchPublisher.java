package io.churnstream.producer.send;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.function.LongConsumer;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.Shutdown;
import io.churnstream.common.kafka.KafkaFailures;
import io.churnstream.producer.report.RunStats;
import io.churnstream.producer.source.CustomerSource;

/**
 * Publishes a source in order, in batches of {@code batchSize} rows, with at most {@code inFlightBatches} batches
 * unacknowledged. After each batch is acknowledged the checkpoint moves to the ack watermark, so a crash re-sends
 * at most the in-flight batches and never skips a row.
 */
public final class BatchPublisher {

    private static final long WAIT_SLICE_MILLIS = 1_000;

    private final RecordSink sink;
    private final RunStats stats;
    private final RowReporter reporter;
    private final int batchSize;
    private final int inFlightBatches;
    private final WireFormat format;
    private final LongConsumer checkpoint;
    private final Shutdown shutdown;
    private final ArrayDeque<Long> pending = new ArrayDeque<>();
    private AckWatermark acks;
    private long saved;

    public BatchPublisher(RecordSink sink, RunStats stats, RowReporter reporter, int batchSize, int inFlightBatches,
                          WireFormat format, LongConsumer checkpoint, Shutdown shutdown) {
        this.sink = sink;
        this.stats = stats;
        this.reporter = reporter;
        this.batchSize = batchSize;
        this.inFlightBatches = inFlightBatches;
        this.format = format;
        this.checkpoint = checkpoint;
        this.shutdown = shutdown;
    }

    /** Sends every row from {@code firstRow} on; returns the final watermark (the next row to send). */
    public long run(CustomerSource source, long firstRow) {
        acks = new AckWatermark(firstRow);
        saved = firstRow;
        try {
            finish(sendAll(source, firstRow));
        } catch (RuntimeException e) {
            throw abandoned(e);
        }
        return acks.watermark();
    }

    /** Sends rows until the input ends, a stop or a failure; returns the end of the open batch, or -1 if none is open. */
    private long sendAll(CustomerSource source, long firstRow) {
        long next = firstRow;
        int inBatch = 0;
        try (ReadAhead rows = new ReadAhead(source, reporter, format)) {
            EncodedRow row;
            while (!shutdown.stopped() && acks.failure() == null && (row = rows.next()) != null) {
                stats.read();
                if (row.sendable()) {
                    sink.send(row.index(), row.key(), row.value(), acks);
                } else {
                    stats.rejected();
                    acks.complete(row.index());
                }
                next = row.index() + 1;
                if (++inBatch == batchSize) {
                    endBatch(next);
                    inBatch = 0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the input", e);
        }
        return inBatch > 0 ? next : -1;
    }

    /** Gives up the open batch after {@code failure}, which stays the error the user sees. */
    private RuntimeException abandoned(RuntimeException failure) {
        try {
            sink.abortBatch();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    private void endBatch(long nextRow) {
        if (acks.failure() != null) {
            return;
        }
        sink.endBatch(nextRow);
        pending.addLast(nextRow);
        if (pending.size() >= inFlightBatches) {
            if (inFlightBatches == 1) {
                sink.flush();
            }
            awaitAcks(pending.removeFirst());
            saveCheckpoint();
        }
    }

    private void finish(long openBatchEnd) {
        if (openBatchEnd >= 0 && acks.failure() == null) {
            sink.endBatch(openBatchEnd);
            pending.addLast(openBatchEnd);
        }
        sink.flush();
        while (!pending.isEmpty() && acks.failure() == null) {
            awaitAcks(pending.removeFirst());
        }
        saveCheckpoint();
        Throwable failure = acks.failure();
        if (failure != null) {
            throw new CliException(KafkaFailures.exitCode(failure), "row " + acks.failedRow() + " could not be delivered: "
                    + failure.getMessage() + "; checkpoint kept at row " + acks.watermark()
                    + " (the last contiguously acknowledged row + 1), rerun to resume", failure);
        }
    }

    private void awaitAcks(long row) {
        try {
            while (acks.awaitAtLeast(row, WAIT_SLICE_MILLIS) < row && acks.failure() == null) {
                // the client retries internally until delivery.timeout.ms, then the callback reports a failure
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while waiting for acknowledgements");
        }
    }

    private void saveCheckpoint() {
        long watermark = acks.watermark();
        if (watermark > saved) {
            checkpoint.accept(watermark);
            saved = watermark;
        }
    }
}
