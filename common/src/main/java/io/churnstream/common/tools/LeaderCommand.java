package io.churnstream.common.tools;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.KafkaOptions;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.TopicAdmin;
import io.churnstream.common.kafka.Topics;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the id of the broker that leads the most partitions of a topic. */
@Command(name = "leader", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Prints the id of the broker that leads the most partitions of --topic (the lowest id of those "
            + "tied): the one to stop to see a failover.")
final class LeaderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = {"-t", "--topic"}, defaultValue = Topics.RAW_CUSTOMERS, description = "Topic whose leader to find.")
    String topic;

    @Override
    public Integer call() throws InterruptedException {
        KafkaSettings settings = kafka.settings(Map.of());
        try (TopicAdmin admin = TopicAdmin.create(settings)) {
            admin.awaitReachable(kafka.connectTimeout());
            TopicDescription described = admin.admin().describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            Map<Integer, Integer> led = new TreeMap<>();
            for (TopicPartitionInfo p : described.partitions()) {
                if (p.leader() != null && !p.leader().isEmpty()) {
                    led.merge(p.leader().id(), 1, Integer::sum);
                }
            }
            int leader = led.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey((a, b) -> b - a)))
                    .map(Map.Entry::getKey)
                    .orElseThrow(() -> new CliException(ExitCodes.RUNTIME_FAILURE, "no partition of " + topic + " has a leader"));
            spec.commandLine().getOut().println(leader);
            spec.commandLine().getOut().flush();
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "cannot describe topic " + topic + ": " + cause.getMessage());
        }
        return ExitCodes.OK;
    }
}
