package io.churnstream.producer.send;

/** A source row ready for the sender: its key and JSON value, or neither when it was rejected (and reported). */
record EncodedRow(long index, byte[] key, byte[] value) {

    static EncodedRow rejected(long index) {
        return new EncodedRow(index, null, null);
    }

    boolean sendable() {
        return value != null;
    }
}
