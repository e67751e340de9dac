package io.churnstream.common.tools;

import java.util.Map;
import java.util.concurrent.Callable;

import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.KafkaOptions;
import io.churnstream.common.cli.OutputOptions;
import io.churnstream.common.cli.ReplicationOptions;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.TopicAdmin;
import io.churnstream.common.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Creates the three pipeline topics if they are missing; existing topics are left alone. */
@Command(name = "create", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Creates the raw (3 partitions), predictions (3) and dead-letter (1) topics if missing, replicated "
            + "as --replication-factor says.")
final class CreateTopicsCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    OutputOptions output;

    @Mixin
    ReplicationOptions replication;

    @Mixin
    PipelineTopics topics;

    @Override
    public Integer call() {
        output.applyLogging(TopicsTool.LOG_FILE);
        KafkaSettings settings = kafka.settings(Map.of());
        try (TopicAdmin admin = TopicAdmin.create(settings)) {
            admin.awaitReachable(kafka.connectTimeout());
            admin.ensureTopics(topics.specs(), replication.requested());
            for (Topics.Spec spec : topics.specs()) {
                System.out.println(spec.name() + " partitions=" + admin.partitions(spec.name()).orElse(0)
                        + " replication-factor=" + admin.replicationFactor(spec.name()).orElse(0));
            }
        }
        return ExitCodes.OK;
    }
}
