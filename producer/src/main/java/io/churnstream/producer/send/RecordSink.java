package io.churnstream.producer.send;

/** Where records go: Kafka, a Kafka transaction per batch, or stdout for {@code --dry-run}. Completion goes to the watermark. */
public interface RecordSink extends AutoCloseable {

    /** Sends an encoded record asynchronously; the row is completed (or failed) on the given watermark when acknowledged. */
    void send(long row, byte[] key, byte[] value, AckWatermark acks);

    /** Marks the end of a batch whose rows end before {@code nextRow}; transactional sinks commit here. */
    default void endBatch(long nextRow) {
    }

    /** Gives up the open batch after a failure, a failed {@link #endBatch} included; transactional sinks abort it. */
    default void abortBatch() {
    }

    /** Pushes buffered records out now (ignoring linger). */
    void flush();

    @Override
    void close();
}
