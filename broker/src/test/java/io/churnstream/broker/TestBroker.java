package io.churnstream.broker;

/** The broker an integration test runs against, whichever one {@link KafkaBrokerExtension} chose. */
public interface TestBroker {

    String bootstrapServers();

    /** "external", "redpanda" or "local-kafka". */
    String kind();
}
