package io.churnstream.producer.send;

/**
 * Hears of each record a {@link KafkaSink} hands to the Kafka producer and of how it ended; called on the sending
 * thread and on the producer's callback thread.
 */
public interface SendListener {

    /** Hears nothing. */
    SendListener NONE = new SendListener() {
        @Override
        public void sent() {
        }

        @Override
        public void acknowledged() {
        }

        @Override
        public void failed() {
        }
    };

    /** The producer accepted a record for sending. */
    void sent();

    /** The broker acknowledged a record. */
    void acknowledged();

    /** A record will never be acknowledged: the send was refused or failed after the client's retries. */
    void failed();
}
