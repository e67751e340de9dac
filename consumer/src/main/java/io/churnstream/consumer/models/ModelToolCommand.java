package io.churnstream.consumer.models;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.churnstream.common.cli.KafkaOptions;
import io.churnstream.common.cli.OutputOptions;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.kafka.ProducerDefaults;
import io.churnstream.model.ModelRegistry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What the {@code model} subcommands share: Kafka and output options, the models topic, and a version's lookup. */
abstract class ModelToolCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelsTopicOption models;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    @Override
    public final Integer call() {
        output.applyLogging("kafka_consumer.log");
        return run(spec.commandLine().getOut());
    }

    /** The command itself; data goes to {@code out}, diagnostics to the log. */
    abstract int run(PrintWriter out);

    /** The topic, reached and created if missing. */
    ModelsTopic connect() {
        return ModelsTopic.connect(kafka.settings(ProducerDefaults.reliable()), models.topic(), kafka.connectTimeout());
    }

    /** A version the topic holds and can read; a usage error otherwise. */
    static ModelRegistry.Entry readable(ModelRegistry registry, String version, String topic) {
        ModelRegistry.Entry entry = registry.entry(version).orElseThrow(() -> new UsageException("no version "
                + version + " on " + topic + ": see 'consumer model list' for the published ones"));
        if (!entry.readable()) {
            throw new UsageException("version " + version + " on " + topic + " cannot be used ("
                    + entry.problem().reason().wireName() + "): " + entry.problem().getMessage());
        }
        return entry;
    }
}
