package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.churnstream.common.TestJars;
import io.churnstream.common.TopicIO;
import io.churnstream.common.cli.Cli;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.TopicAdmin;
import io.churnstream.common.kafka.Topics;
import io.churnstream.common.tools.TopicsTool;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The topics the tools create on a cluster of three: replicated as the cluster allows, unless told otherwise. */
@Tag("cluster")
class TopicReplicationIntegrationTest extends ClusterScenario {

    @Test
    void should_replicate_three_ways_with_two_in_sync_on_a_cluster_of_three() throws Exception {
        String id = id();
        List<Topics.Spec> specs = Topics.pipeline("raw-" + id, "pred-" + id, "dlq-" + id);
        try (TopicAdmin admin = TopicAdmin.create(settings())) {
            admin.ensureTopics(specs);
        }
        for (Topics.Spec spec : specs) {
            assertReplicated(spec.name(), spec.partitions(), 3, "2");
        }
    }

    @Test
    void should_replicate_as_the_topics_tool_is_told() throws Exception {
        String id = id();
        StringWriter err = new StringWriter();
        CommandLine tool = Cli.create(new TopicsTool());
        tool.setErr(new PrintWriter(err, true));

        int ok = tool.execute("create", "--bootstrap-servers", cluster.bootstrapServers(), "--replication-factor", "1",
                "--raw-topic", "raw-" + id, "--predictions-topic", "pred-" + id, "--deadletter-topic", "dlq-" + id);
        int tooMany = tool.execute("create", "--bootstrap-servers", cluster.bootstrapServers(),
                "--replication-factor", "4", "--raw-topic", "raw4-" + id);

        assertThat(ok).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertReplicated("raw-" + id, Topics.RAW_PARTITIONS, 1, "1");
        assertReplicated("dlq-" + id, Topics.DEAD_LETTER_PARTITIONS, 1, "1");
        assertThat(tooMany).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().lines()).containsExactly("error: a replication factor of 4 needs at least 4 brokers, "
                + "but the cluster at " + cluster.bootstrapServers() + " has 3 (check --replication-factor)");
        assertThat(topics().exists("raw4-" + id)).isFalse();
    }

    @Test
    void should_warn_what_to_do_when_started_against_a_topic_with_one_replica() throws Exception {
        String topic = "single-" + id();
        topics().create(topic, Topics.RAW_PARTITIONS, 1, Map.of("min.insync.replicas", "1"));

        String output;
        try (var producer = TestJars.start(Jars.PRODUCER, dir.resolve("single").resolve("producer.out"), List.of("batch",
                "--rows", "20", "--topic", topic, "--bootstrap-servers", cluster.bootstrapServers(),
                "--checkpoint", dir.resolve("single").resolve("checkpoint.json").toString(), "--log-dir", "logs"))) {
            assertThat(producer.awaitExit(Duration.ofMinutes(2))).as(producer.tail()).isZero();
            output = producer.output();
        }
        assertThat(output).contains("topic " + topic + " has replication factor 1 on a cluster of 3 brokers")
                .contains("kafka-reassign-partitions.sh");
    }

    @Test
    void should_name_the_node_that_leads_the_most_partitions_of_a_topic() throws Exception {
        String topic = "led-" + id();
        topics().create(topic, 1, REPLICAS, MIN_IN_SYNC);
        StringWriter out = new StringWriter();
        CommandLine tool = Cli.create(new TopicsTool());
        tool.setOut(new PrintWriter(out, true));

        assertThat(tool.execute("leader", "--topic", topic, "--bootstrap-servers", cluster.bootstrapServers())).isZero();

        int leader = cluster.leaderOf(new TopicPartition(topic, 0)).orElseThrow().id();
        assertThat(out.toString()).isEqualTo(leader + "\n");
    }

    private static void assertReplicated(String topic, int partitions, int replicas, String minInSync) throws Exception {
        TopicIO topics = topics();
        TopicDescription described = topics.describe(topic).orElseThrow(() -> new AssertionError(topic + " missing"));
        assertThat(described.partitions()).as(topic).hasSize(partitions)
                .allSatisfy(p -> assertThat(p.replicas()).as(topic).hasSize(replicas));
        assertThat(topics.config(topic, "min.insync.replicas")).as(topic).isEqualTo(minInSync);
    }

    private static KafkaSettings settings() {
        return KafkaSettings.builder().flag("bootstrap.servers", cluster.bootstrapServers()).build();
    }

    private static String id() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
