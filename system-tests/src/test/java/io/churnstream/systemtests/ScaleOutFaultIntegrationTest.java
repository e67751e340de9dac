package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.churnstream.common.TestJars;
import io.churnstream.common.TopicIO;
import io.churnstream.systemtests.CommitTimeline.Stalls;
import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 12: three consumer instances share a 12-partition input that a producer keeps feeding, under each group
 * protocol. One instance is SIGKILLed, then a fourth one starts. Every partition finds an owner again within the
 * session timeout plus 10 s, and nothing is lost. Reports how long the group went without committed progress around
 * each rebalance. See docs/reliability.md.
 */
@Tag("faults")
@Tag("cluster")
class ScaleOutFaultIntegrationTest extends ClusterScenario {

    private static final int PARTITIONS = 12;
    private static final int EVENTS_PER_SECOND = 200;
    private static final int POLL = 50;
    private static final int PROGRESS = 200;
    private static final Duration OWNED_AGAIN = SharedCluster.SESSION_TIMEOUT.plusSeconds(10);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d) ");

    @ParameterizedTest(name = "group protocol {0}")
    @EnumSource(GroupProtocol.class)
    void should_give_every_partition_an_owner_again_after_a_kill_and_a_new_instance(GroupProtocol protocol)
            throws Exception {
        String name = protocol.name().toLowerCase(Locale.ROOT);
        Pipeline pipeline = Pipeline.named("scale-" + name);
        createInput(pipeline, PARTITIONS);
        TopicIO topics = topics();
        GroupProgress progress = new GroupProgress(topics, pipeline);
        List<String> options = new ArrayList<>(List.of("--group-protocol", name, "--scoring-threads", "1",
                "-X", "consumer.max.poll.records=" + POLL));
        if (protocol == GroupProtocol.CLASSIC) {
            options.addAll(SharedCluster.classicSession());
        }
        ConsumerJar consumerJar = new ConsumerJar(dir.resolve(name), cluster.bootstrapServers(), pipeline, options);

        List<ConsumerJar.Instance> instances = new ArrayList<>();
        try (StreamingProducer producer = StreamingProducer.start(dir.resolve(name + "-producer"),
                cluster.bootstrapServers(), pipeline.input(), EVENTS_PER_SECOND, 12)) {
            for (String id : List.of("a", "b", "c")) {
                instances.add(consumerJar.streaming("--instance-id", id));
            }
            awaitOwners(topics, pipeline, instances.get(0), Set.of("a", "b", "c"), TIMEOUT);
            progress.awaitCommitted(instances.get(0).process(), PROGRESS, TIMEOUT);
            List<String> firstAssignment = instances.stream().map(ScaleOutFaultIntegrationTest::firstAssignment).toList();

            try (CommitTimeline timeline = new CommitTimeline(topics, pipeline)) {
                Thread.sleep(2_000);
                long killed = System.nanoTime();
                instances.get(1).process().kill();
                awaitOwners(topics, pipeline, instances.get(0), Set.of("a", "c"), OWNED_AGAIN);
                Duration ownedAfterKill = Duration.ofNanos(System.nanoTime() - killed);
                progress.awaitCommitted(instances.get(0).process(), progress.inputEnd() + PROGRESS, TIMEOUT);

                long joined = System.nanoTime();
                instances.add(consumerJar.streaming("--instance-id", "d"));
                awaitOwners(topics, pipeline, instances.get(3), Set.of("a", "c", "d"), TIMEOUT);
                Duration ownedAfterJoin = Duration.ofNanos(System.nanoTime() - joined);
                progress.awaitCommitted(instances.get(0).process(), progress.inputEnd() + PROGRESS, TIMEOUT);
                long end = System.nanoTime();

                Stalls afterKill = timeline.stalls(killed, joined);
                Stalls afterJoin = timeline.stalls(joined, end);
                System.out.printf(Locale.ROOT, "group protocol %s: first assignment %s after subscribing; after the SIGKILL every "
                        + "partition owned again in %.1f s, %s; after the new instance started (JVM start included) "
                        + "every partition owned by a, c and d in %.1f s, %s%n", name, firstAssignment,
                        ownedAfterKill.toMillis() / 1e3, afterKill, ownedAfterJoin.toMillis() / 1e3, afterJoin);
            }

            producer.stopAndCheck(topics);
            progress.awaitDrained(instances.get(0).process(), TIMEOUT);
            List<ConsumerJar.Instance> running = List.of(instances.get(0), instances.get(2), instances.get(3));
            running.forEach(instance -> instance.process().terminate());
            for (ConsumerJar.Instance instance : running) {
                assertThat(instance.process().awaitExit(TestJars.STOP_TIMEOUT)).as(instance.output()).isZero();
            }
        } finally {
            instances.forEach(ConsumerJar.Instance::close);
        }
        Invariant.check(topics, pipeline, Delivery.AT_LEAST_ONCE).assertHolds().assertDuplicatesAtMost(3L * POLL);
    }

    /**
     * Waits until the members of the group are exactly {@code ids} and between them own every partition; fails if
     * {@code watched} exits first.
     */
    private static void awaitOwners(TopicIO topics, Pipeline pipeline, ConsumerJar.Instance watched, Set<String> ids,
                                    Duration timeout) {
        Set<String> clients = new HashSet<>();
        ids.forEach(id -> clients.add("churnstream-consumer-" + id));
        watched.process().await(timeout, "members " + ids + " owning all " + PARTITIONS + " partitions", () -> {
            if (!watched.process().isAlive()) {
                throw new AssertionError("the consumer exited:\n" + watched.output());
            }
            try {
                Map<String, Set<TopicPartition>> owners = topics.assignments(pipeline.group());
                Set<TopicPartition> owned = new HashSet<>();
                owners.values().forEach(owned::addAll);
                return owners.keySet().equals(clients) && owned.size() == PARTITIONS
                        && owners.values().stream().noneMatch(Set::isEmpty);
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** From the instance's log: the time from subscribing to its first non-empty assignment. */
    private static String firstAssignment(ConsumerJar.Instance instance) {
        List<String> lines = instance.process().output().lines().toList();
        Optional<LocalTime> subscribed = lines.stream().filter(l -> l.contains(" scoring ")).findFirst()
                .flatMap(ScaleOutFaultIntegrationTest::time);
        Optional<LocalTime> assigned = lines.stream().filter(l -> l.contains("partitions assigned: [") && !l.contains("[]"))
                .findFirst().flatMap(ScaleOutFaultIntegrationTest::time);
        return subscribed.isEmpty() || assigned.isEmpty() ? "?"
                : String.format(Locale.ROOT, "%.1f s", subscribed.get().until(assigned.get(), ChronoUnit.MILLIS) / 1e3);
    }

    private static Optional<LocalTime> time(String line) {
        Matcher m = LOG_TIME.matcher(line);
        return m.find() ? Optional.of(LocalTime.parse(m.group(1))) : Optional.empty();
    }
}
