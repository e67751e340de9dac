package io.churnstream.common.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the project version from the jar manifest and the Kafka client version. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[]{
            "churnstream " + (version == null ? "dev" : version),
            "kafka-clients " + org.apache.kafka.common.utils.AppInfoParser.getVersion(),
            "Java " + System.getProperty("java.version")};
    }
}
