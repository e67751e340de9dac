package io.churnstream.consumer;

import java.util.concurrent.Callable;

import io.churnstream.common.cli.RunOptions;
import io.churnstream.consumer.models.FollowOptions;
import io.churnstream.consumer.pipeline.RunLimits;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What both subcommands share: their options, and a run that differs only in when it stops. */
abstract class ConsumerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConsumerOptions options;

    @Mixin
    FollowOptions follow;

    @Mixin
    RunOptions run;

    @Override
    public final Integer call() {
        run.applyLogging("kafka_consumer.log");
        return new ConsumerRun(spec.name(), options, follow, run.kafka(), run.replication(), run.reportsDir(),
                spec.commandLine().getOut()).execute(limits());
    }

    /** When this run ends by itself; throws a usage error for impossible limits. */
    abstract RunLimits limits();
}
