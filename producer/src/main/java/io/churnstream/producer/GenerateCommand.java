package io.churnstream.producer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.OutputOptions;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.synthetic.SyntheticCustomers;
import io.churnstream.common.synthetic.SyntheticCustomers.Profile;
import io.churnstream.producer.source.CustomerCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Writes synthetic customers in the dataset's exact CSV format. */
@Command(name = "generate", mixinStandardHelpOptions = true, showDefaultValues = true,
        versionProvider = io.churnstream.common.cli.VersionProvider.class,
        description = "Writes N synthetic customers as CSV in the Telco dataset's format (to stdout by default).")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--rows", paramLabel = "N", defaultValue = "1000", description = "Number of customers.")
    long rows;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Generator seed: the same seed gives the same file.")
    long seed;

    @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "normal", converter = ProfileConverter.class,
            description = "normal: the dataset's mix of customers; shifted: 80%% month-to-month contracts, half the "
                + "tenure and 25%% higher monthly charges, a population the model's drift monitoring flags.")
    Profile profile;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "-", description = "Output file, '-' for stdout.")
    String out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        if (rows < 0) {
            throw new UsageException("--rows must be >= 0, got " + rows);
        }
        boolean stdout = out.equals("-");
        if (!stdout) {
            output.applyLogging("kafka_producer.log");
        }
        Writer w = stdout ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8) : open(Path.of(out));
        try (BufferedWriter writer = new BufferedWriter(w, 1 << 16)) {
            writer.write(CustomerCsv.HEADER);
            writer.write('\n');
            SyntheticCustomers generator = new SyntheticCustomers(seed, profile);
            for (long i = 0; i < rows; i++) {
                writer.write(CustomerCsv.format(generator.next()));
                writer.write('\n');
            }
        }
        return ExitCodes.OK;
    }

    static final class ProfileConverter implements ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            for (Profile profile : Profile.values()) {
                if (profile.name().equalsIgnoreCase(value)) {
                    return profile;
                }
            }
            throw new TypeConversionException("expected normal or shifted, got '" + value + "'");
        }
    }

    private static Writer open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
