package io.churnstream.common.cli;

import java.util.OptionalInt;

import picocli.CommandLine.Option;

/** {@code --replication-factor} of the commands that create the topics they need, as a picocli mixin. */
public final class ReplicationOptions {

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replicas of each partition of the topics this command creates (default: as many as the "
                + "cluster has brokers, at most 3), with min.insync.replicas=2 from 3 replicas on, else 1. Existing "
                + "topics are left as they are.")
    Integer replicationFactor;

    /** The factor asked for, empty to follow the cluster; fails with a usage error below 1. */
    public OptionalInt requested() {
        if (replicationFactor == null) {
            return OptionalInt.empty();
        }
        if (replicationFactor < 1) {
            throw new UsageException("--replication-factor must be at least 1, got " + replicationFactor);
        }
        return OptionalInt.of(replicationFactor);
    }
}
