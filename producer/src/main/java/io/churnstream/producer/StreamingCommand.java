package io.churnstream.producer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.RunOptions;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.kafka.KafkaFailures;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.observe.MetricsOptions;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.synthetic.SyntheticCustomers;
import io.churnstream.producer.observe.ProducerMetrics;
import io.churnstream.producer.report.Progress;
import io.churnstream.producer.report.RunStats;
import io.churnstream.producer.send.DryRunSink;
import io.churnstream.producer.send.KafkaSink;
import io.churnstream.common.kafka.ProducerDefaults;
import io.churnstream.producer.send.RecordSink;
import io.churnstream.producer.send.RowReporter;
import io.churnstream.common.cli.Shutdown;
import io.churnstream.producer.send.StreamingPublisher;
import io.churnstream.producer.source.CsvCustomerSource;
import io.churnstream.producer.source.SourceRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Continuous traffic: random customers at a steady rate, each stamped with a fresh event_ts. */
@Command(name = "streaming", mixinStandardHelpOptions = true, showDefaultValues = true,
        versionProvider = io.churnstream.common.cli.VersionProvider.class,
        description = {"Publishes customers drawn at random from --input (or the generator) at a steady rate until "
            + "SIGINT/SIGTERM, --duration or --max-events; then flushes, prints a summary and exits 0.",
            "Kafka settings precedence: tool defaults (acks=all, idempotence, no compression, linger.ms=0, batch.size=16384)"
            + " < --kafka-config < -X < flags."})
final class StreamingCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = {"-r", "--events-per-sec"}, paramLabel = "R", defaultValue = "1", description = "Events per second; fractions allowed (0.5 = one every 2 s).")
    double eventsPerSec;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0", description = "Stop after this many seconds (0 = until stopped).")
    double durationSeconds;

    @Option(names = "--max-events", paramLabel = "N", defaultValue = "0", description = "Stop after N events (0 = no limit).")
    long maxEvents;

    @Mixin
    SourceOptions source;

    @Mixin
    PublishOptions publish;

    @Mixin
    MetricsOptions metricsOptions;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws IOException {
        run.applyLogging("kafka_producer.log");
        if (!(eventsPerSec > 0) || eventsPerSec > 1_000_000 || durationSeconds < 0 || maxEvents < 0) {
            throw new UsageException("--events-per-sec must be in (0, 1000000], --duration and --max-events >= 0");
        }
        RunStats stats = new RunStats();
        Supplier<CustomerRecord> customers = customers(stats);
        KafkaSettings settings = run.kafka().settings(ProducerDefaults.streaming());
        String outcome = "failed";
        boolean started = false;
        try (Shutdown shutdown = Shutdown.install(); ProducerMetrics metrics = ProducerMetrics.serve(metricsOptions, settings)) {
            KafkaFailures failures = publish.dryRun ? null
                    : KafkaSetup.prepare(settings, run.kafka().connectTimeout(), run.replication().requested(),
                            publish.topic, false);
            try (RecordSink sink = publish.dryRun ? new DryRunSink(spec.commandLine().getOut(), stats)
                    : new KafkaSink(KafkaSetup.producer(settings, "churnstream-producer-streaming", metrics), publish.topic,
                            stats, failures, metrics);
                 Progress progress = new Progress(stats, () -> -1, false, 5)) {
                started = true;
                LOG.info("streaming to {} at {} events/s{}", publish.topic, eventsPerSec, publish.dryRun ? " (dry run)" : "");
                new StreamingPublisher(sink, stats, shutdown, publish.wireFormat).run(customers, eventsPerSec, maxEvents,
                        (long) (durationSeconds * TimeUnit.SECONDS.toNanos(1)));
            }
            outcome = shutdown.stopped() ? "stopped" : "completed";
        } finally {
            if (started) {
                publish.report("streaming", stats, outcome, run.reportsDir());
            }
        }
        return ExitCodes.OK;
    }

    private Supplier<CustomerRecord> customers(RunStats stats) throws IOException {
        if (source.input == null) {
            SyntheticCustomers generator = new SyntheticCustomers(source.seed);
            return generator::next;
        }
        RowReporter reporter = new RowReporter(source.validate);
        List<CustomerRecord> valid = new ArrayList<>();
        try (CsvCustomerSource csv = CsvCustomerSource.open(source.input, 0)) {
            SourceRow row;
            while ((row = csv.next()) != null) {
                List<String> problems = reporter.problems(row);
                if (problems.isEmpty()) {
                    valid.add(row.record());
                } else {
                    reporter.rejected(row, problems);
                    stats.rejected();
                }
            }
        }
        if (valid.isEmpty()) {
            throw new UsageException("no valid rows in " + source.input);
        }
        LOG.info("loaded {} customers from {} ({} rows rejected)", valid.size(), source.input, stats.rejectedCount());
        SplittableRandom random = new SplittableRandom(source.seed);
        return () -> valid.get(random.nextInt(valid.size()));
    }
}
