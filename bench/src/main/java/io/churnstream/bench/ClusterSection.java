package io.churnstream.bench;

import java.util.EnumSet;
import java.util.Map;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's and the consumer's ratios on a local cluster, with every topic the bench creates given 3 replicas,
 * then again on the same cluster with topics of 1 replica: the difference is what replication costs.
 */
final class ClusterSection {

    /** The replication factor under test, hence the fewest nodes a cluster may have. */
    static final int REPLICAS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSection.class);

    private ClusterSection() {
    }

    /** Runs on {@code cluster}, a context on the cluster's broker. */
    static Map<String, Object> run(Context cluster) {
        Map<String, Object> replicated = measure(cluster, REPLICAS);
        Map<String, Object> single = measure(cluster, 1);
        return summarize(cluster.settings, replicated, single);
    }

    private static Map<String, Object> measure(Context cluster, int replicas) {
        Context c = cluster.scoped("cluster_rf" + replicas, replicas);
        LOG.info("cluster: producer and consumer with topics of {} replica(s)", replicas);
        Map<String, Object> producer = ProducerSection.run(c);
        Map<String, Object> topics = c.kafka.replication(c.input());
        if (!Integer.valueOf(replicas).equals(topics.get("replicas"))) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, c.input() + " was created with " + replicas
                    + " replica(s) but the cluster says " + topics.get("replicas"));
        }
        Map<String, Object> consumer = ConsumerSection.run(c, EnumSet.of(ConsumerSection.Guarantee.AT_LEAST_ONCE));
        return Figures.obj("topics", topics, "producer", producer, "consumer", consumer);
    }

    /** The report's cluster entry from the figures measured with topics of {@link #REPLICAS} replicas and of 1. */
    static Map<String, Object> summarize(Settings s, Map<String, Object> replicated, Map<String, Object> single) {
        return Figures.obj("status", "ok", "nodes", s.clusterNodes(),
                "how", "broker.jar --nodes " + s.clusterNodes() + " on this machine (every node broker and controller in a "
                        + "JVM of its own); on it, the producer section and the consumer section (at-least-once only) run "
                        + "twice: first with every topic the bench creates given " + REPLICAS + " replicas and "
                        + "min.insync.replicas=" + BenchKafka.minInSyncReplicas(REPLICAS) + " (rf_" + REPLICAS + "), then "
                        + "with 1 replica (rf_1); Kafka's own topics (consumer offsets, transactions) keep the cluster's "
                        + "default. replication_cost is records/s at rf_" + REPLICAS + " / at rf_1, each tool on its own "
                        + "clock. The nodes share this machine's cores with the clients, so here replication also takes "
                        + "CPU from the clients, which nodes on machines of their own would not.",
                "rf_" + REPLICAS, replicated, "rf_1", single,
                "replication_cost", Figures.obj(
                        "producer", cost(replicated, single, "producer", "churnstream", "records_per_s"),
                        "producer_performance", cost(replicated, single, "producer", "producer_performance", "records_per_s"),
                        "consumer_scoring", cost(replicated, single, "consumer", "at_least_once", "scoring", "records_per_s"),
                        "consumer_pass_through", cost(replicated, single, "consumer", "at_least_once", "pass_through", "records_per_s")));
    }

    private static Double cost(Map<String, Object> replicated, Map<String, Object> single, String... path) {
        return Figures.ratio(at(replicated, path), at(single, path));
    }

    /** The number at {@code path} in nested JSON objects, or null. */
    private static Number at(Map<String, Object> json, String... path) {
        Object node = json;
        for (String key : path) {
            node = node instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return node instanceof Number n ? n : null;
    }
}
