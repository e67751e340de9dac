package io.churnstream.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

import io.churnstream.broker.LocalCluster;
import io.churnstream.common.TopicIO;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario on the {@link SharedCluster}: three nodes, and topics replicated three ways with
 * {@code min.insync.replicas=2}, as the tools create them on such a cluster.
 */
@ExtendWith(SharedCluster.class)
abstract class ClusterScenario {

    static final int REPLICAS = 3;
    static final Map<String, String> MIN_IN_SYNC = Map.of("min.insync.replicas", "2");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path dir;

    static LocalCluster cluster;

    static TopicIO topics() {
        return new TopicIO(cluster.bootstrapServers());
    }

    /** Creates the pipeline's input topic with {@code partitions}, replicated as on a production cluster. */
    static void createInput(Pipeline pipeline, int partitions) throws Exception {
        topics().create(pipeline.input(), partitions, REPLICAS, MIN_IN_SYNC);
    }

    /** The node that leads the most partitions of {@code partitions} (topic to partition count); the lowest id of those tied. */
    static LocalCluster.Node busiestLeader(Map<String, Integer> partitions) {
        Map<Integer, Integer> led = new HashMap<>();
        partitions.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                cluster.leaderOf(new TopicPartition(topic, p)).ifPresent(n -> led.merge(n.id(), 1, Integer::sum));
            }
        });
        return cluster.nodes().stream()
                .max(Comparator.comparingInt((LocalCluster.Node n) -> led.getOrDefault(n.id(), 0))
                        .thenComparing(n -> -n.id()))
                .orElseThrow();
    }

    /** The status code of {@code GET http://localhost:port/health}, or -1 when nothing answers. */
    static int health(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
