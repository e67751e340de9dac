package io.churnstream.producer;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where customers come from, and whether they are checked before sending. */
final class SourceOptions {

    @Option(names = {"-i", "--input"}, paramLabel = "FILE.csv",
            description = "Telco CSV (header row, quoted fields allowed, blank TotalCharges = null). Default: the seeded generator.")
    Path input;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Seed of the synthetic generator / random draws.")
    long seed;

    @Option(names = "--validate", description = "Check every record against the customer schema; invalid rows are reported by line and not sent.")
    boolean validate;
}
