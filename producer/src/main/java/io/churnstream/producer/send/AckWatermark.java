package io.churnstream.producer.send;

import java.util.BitSet;

/**
 * The contiguous-acknowledgement watermark: the lowest row index not yet completed. Rows complete in any order
 * (callbacks of different partitions); the watermark only moves past a row once every row before it is done,
 * so a checkpoint at the watermark never skips an unacknowledged row. Thread-safe; {@link #failure()} takes no
 * lock, so the sending thread can check it on every row without contending with the callbacks.
 */
public final class AckWatermark {

    /** Completed rows are kept as bits from {@code offset} on; the bits before it are dropped in chunks of this many. */
    private static final int COMPACT_BITS = 1 << 14;

    private final BitSet done = new BitSet();
    private long base;
    private int offset;
    private volatile Throwable failure;
    private long failedRow = -1;

    public AckWatermark(long firstRow) {
        this.base = firstRow;
    }

    /** Marks {@code row} as finished: acknowledged, or deliberately skipped (rejected). */
    public synchronized void complete(long row) {
        if (row < base) {
            return;
        }
        done.set(Math.toIntExact(row - base + offset));
        int advance = done.nextClearBit(offset) - offset;
        if (advance > 0) {
            base += advance;
            offset += advance;
            if (offset >= COMPACT_BITS) {
                compact();
            }
            notifyAll();
        }
    }

    /** Records a row that will never be acknowledged; the watermark stays before it. The first failure wins. */
    public synchronized void fail(long row, Throwable error) {
        if (failure == null) {
            failedRow = row;
            failure = error;
        }
        notifyAll();
    }

    public synchronized long watermark() {
        return base;
    }

    public Throwable failure() {
        return failure;
    }

    public synchronized long failedRow() {
        return failedRow;
    }

    /** Waits until the watermark reaches {@code row}, a failure occurs, or the timeout passes; returns the watermark. */
    public synchronized long awaitAtLeast(long row, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (base < row && failure == null) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return base;
    }

    private void compact() {
        BitSet rest = done.get(offset, Math.max(offset, done.length()));
        done.clear();
        done.or(rest);
        offset = 0;
    }
}
