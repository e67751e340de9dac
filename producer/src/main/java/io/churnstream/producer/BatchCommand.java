package io.churnstream.producer;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;

import io.churnstream.common.checkpoint.Checkpoint;
import io.churnstream.common.checkpoint.CheckpointStore;
import io.churnstream.common.checkpoint.FileIdentity;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.RunOptions;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.kafka.KafkaFailures;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.observe.MetricsOptions;
import io.churnstream.producer.observe.ProducerMetrics;
import io.churnstream.producer.report.Progress;
import io.churnstream.producer.report.RunStats;
import io.churnstream.producer.send.BatchPublisher;
import io.churnstream.producer.send.DryRunSink;
import io.churnstream.producer.send.KafkaCheckpoints;
import io.churnstream.producer.send.KafkaSink;
import io.churnstream.common.kafka.ProducerDefaults;
import io.churnstream.producer.send.RecordSink;
import io.churnstream.producer.send.RowReporter;
import io.churnstream.common.cli.Shutdown;
import io.churnstream.producer.send.TransactionalKafkaSink;
import io.churnstream.producer.source.CsvCustomerSource;
import io.churnstream.producer.source.CustomerSource;
import io.churnstream.producer.source.GeneratedCustomerSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Publishes a whole input in order, resumable from a checkpoint. */
@Command(name = "batch", mixinStandardHelpOptions = true, showDefaultValues = true,
        versionProvider = io.churnstream.common.cli.VersionProvider.class,
        description = {"Publishes --input (streamed from disk) or --rows generated customers in order, in batches, "
            + "checkpointing after each acknowledged batch; a rerun after a crash resumes where the acknowledgements stopped.",
            "Kafka settings precedence: tool defaults (acks=all, idempotence, lz4, linger.ms=20, batch.size=262144)"
            + " < --kafka-config < -X < flags."})
final class BatchCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "10000", description = "Rows per batch (checkpoint / transaction unit).")
    int batchSize;

    @Option(names = "--in-flight-batches", defaultValue = "1",
            description = "Batches that may await acknowledgement at once; a crash re-sends at most this many batches. "
                    + "More overlaps sending with waiting for acknowledgements.")
    int inFlightBatches;

    @Option(names = "--rows", defaultValue = "1000", description = "Generated rows when there is no --input.")
    long rows;

    @Mixin
    SourceOptions source;

    @Mixin
    PublishOptions publish;

    @Mixin
    CheckpointOptions checkpoint;

    @Mixin
    MetricsOptions metricsOptions;

    @Mixin
    RunOptions run;

    private KafkaFailures failures;

    @Override
    public Integer call() throws IOException {
        run.applyLogging("kafka_producer.log");
        if (batchSize < 1 || inFlightBatches < 1 || rows < 0) {
            throw new UsageException("--batch-size and --in-flight-batches must be >= 1, --rows >= 0");
        }
        FileIdentity identity = identity();
        CheckpointStore store = new CheckpointStore(checkpoint.file);
        if (checkpoint.reset && !publish.dryRun) {
            store.delete();
        }
        long fromFile = publish.dryRun || checkpoint.reset ? 0
                : store.loadFor(identity, publish.topic).map(Checkpoint::nextRow).orElse(0L);
        String txnId = checkpoint.transactionalId != null ? checkpoint.transactionalId
                : KafkaCheckpoints.defaultTransactionalId(identity, publish.topic);
        KafkaSettings settings = run.kafka().settings(checkpoint.exactlyOnce
                ? withTransactions(ProducerDefaults.batch(), txnId) : ProducerDefaults.batch());
        RunStats stats = new RunStats();
        String outcome = "failed";
        boolean started = false;
        try (Shutdown shutdown = Shutdown.install(); ProducerMetrics metrics = ProducerMetrics.serve(metricsOptions, settings);
             RecordSink sink = sink(settings, stats, txnId, identity, metrics)) {
            long start = checkpoint.exactlyOnce && !publish.dryRun && !checkpoint.reset
                    ? committedRow(settings, txnId, identity) : fromFile;
            started = true;
            LOG.info("batch of {} to {} from row {}{}", identity.path(), publish.topic, start,
                    publish.dryRun ? " (dry run)" : checkpoint.exactlyOnce ? " (exactly once, transactional.id " + txnId + ")" : "");
            LongConsumer saver = publish.dryRun ? next -> { } : next -> store.save(Checkpoint.of(identity, publish.topic, next));
            metrics.checkpoint(start);
            saver = saver.andThen(metrics::checkpoint);
            try (CustomerSource in = open(start);
                 Progress progress = new Progress(stats, in::progress, Progress.onTerminal(), 5)) {
                long next = new BatchPublisher(sink, stats, new RowReporter(source.validate), batchSize, inFlightBatches,
                        publish.wireFormat, saver, shutdown).run(in, start);
                LOG.info("next row to send: {}{}", next, shutdown.stopped() ? " (stopped early; rerun to resume)" : "");
            }
            outcome = shutdown.stopped() ? "stopped" : "completed";
        } finally {
            if (started) {
                publish.report("batch", stats, outcome, run.reportsDir());
            }
        }
        return ExitCodes.OK;
    }

    /** Stdout for a dry run, else a Kafka producer (transactions initialised with --exactly-once) that the sink owns. */
    private RecordSink sink(KafkaSettings settings, RunStats stats, String txnId, FileIdentity identity,
                            ProducerMetrics metrics) {
        if (publish.dryRun) {
            return new DryRunSink(spec.commandLine().getOut(), stats);
        }
        failures = KafkaSetup.prepare(settings, run.kafka().connectTimeout(), run.replication().requested(),
                publish.topic, checkpoint.exactlyOnce);
        KafkaProducer<byte[], byte[]> producer = KafkaSetup.producer(settings, "churnstream-producer-batch", metrics);
        if (!checkpoint.exactlyOnce) {
            return new KafkaSink(producer, publish.topic, stats, failures, metrics);
        }
        RecordSink sink = new TransactionalKafkaSink(producer, publish.topic, stats, failures, metrics, txnId, identity);
        try {
            producer.initTransactions();
            return sink;
        } catch (RuntimeException e) {
            sink.close();
            throw failures.explained(e, KafkaFailures.Attempt.PRODUCE);
        }
    }

    /** The --exactly-once resume row committed in Kafka; read after initTransactions() so no open transaction hides it. */
    private long committedRow(KafkaSettings settings, String txnId, FileIdentity identity) {
        try {
            return KafkaCheckpoints.read(settings, txnId)
                    .map(cp -> KafkaCheckpoints.resumeRow(cp, txnId, identity, publish.topic)).orElse(0L);
        } catch (KafkaException e) {
            throw failures.explained(e, KafkaFailures.Attempt.CONSUME);
        }
    }

    private FileIdentity identity() throws IOException {
        if (source.input == null) {
            return FileIdentity.ofName("generator:seed=" + source.seed + ",rows=" + rows, rows);
        }
        try {
            return FileIdentity.of(source.input);
        } catch (NoSuchFileException e) {
            throw new UsageException("input file " + source.input + " does not exist: check --input");
        }
    }

    private CustomerSource open(long start) {
        return source.input == null ? new GeneratedCustomerSource(source.seed, rows, start)
                : CsvCustomerSource.open(source.input, start);
    }

    private static Map<String, String> withTransactions(Map<String, String> defaults, String txnId) {
        defaults.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txnId);
        defaults.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
        return defaults;
    }
}
