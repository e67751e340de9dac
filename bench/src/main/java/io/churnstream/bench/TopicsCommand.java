package io.churnstream.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.KafkaOptions;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.kafka.TopicAdmin;
import io.churnstream.common.kafka.Topics;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Creates benchmark topics with given partition counts, or deletes them to free the broker's disk. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Creates NAME:PARTITIONS topics that are missing, or with --delete removes NAME topics.")
final class TopicsCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--delete", description = "Delete the named topics (missing ones are ignored).")
    boolean delete;

    @Parameters(paramLabel = "NAME[:PARTITIONS]", arity = "1..*", description = "Topics; PARTITIONS defaults to 3.")
    List<String> topics;

    @Override
    public Integer call() {
        try (TopicAdmin admin = TopicAdmin.create(kafka.settings(Map.of()))) {
            admin.awaitReachable(kafka.connectTimeout());
            if (delete) {
                delete(admin, topics.stream().map(t -> t.split(":", 2)[0]).toList());
            } else {
                admin.ensureTopics(specs());
            }
        }
        return ExitCodes.OK;
    }

    private List<Topics.Spec> specs() {
        List<Topics.Spec> specs = new ArrayList<>();
        for (String t : topics) {
            String[] parts = t.split(":", 2);
            try {
                specs.add(new Topics.Spec(parts[0], parts.length == 2 ? Integer.parseInt(parts[1]) : 3));
            } catch (NumberFormatException e) {
                throw new UsageException("bad topic '" + t + "': expected NAME or NAME:PARTITIONS");
            }
        }
        return specs;
    }

    private static void delete(TopicAdmin admin, List<String> names) {
        try {
            admin.admin().deleteTopics(names).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot delete " + names + ": " + e.getCause().getMessage());
            }
        } catch (TimeoutException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "deleting " + names + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERRUPTED, "interrupted while deleting topics");
        }
    }
}
