package io.churnstream.producer.send;

/** The JSON types of a customer event on the wire; the consumer reads both. */
public enum WireFormat {
    /** churnstream's types: {@code TotalCharges} a number, or null when unknown. */
    NATIVE,
    /**
     * The earlier Python producer's types, for consumers that still check its schema: {@code TotalCharges} always a
     * decimal string, {@code " "} when unknown.
     */
    LEGACY
}
