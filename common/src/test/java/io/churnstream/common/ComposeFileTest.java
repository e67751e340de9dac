package io.churnstream.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.churnstream.common.kafka.KafkaSettings;
import io.churnstream.common.kafka.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The compose path is not run in CI (no Docker), so its addresses and topics are checked against the jars' defaults here. */
class ComposeFileTest {

    private static JsonNode compose;

    @BeforeAll
    static void parse() throws IOException {
        Path file = Path.of("..", "docker-compose.kafka.yml");
        compose = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    }

    @Test
    void should_expose_the_default_bootstrap_port_and_the_earlier_systems_ports() {
        JsonNode redpanda = compose.path("services").path("redpanda");
        assertThat(redpanda.path("image").asText()).endsWith("redpanda:v24.2.4");
        List<String> ports = texts(redpanda.path("ports"));
        String defaultPort = KafkaSettings.DEFAULT_BOOTSTRAP.substring(KafkaSettings.DEFAULT_BOOTSTRAP.indexOf(':') + 1);
        assertThat(ports).contains(defaultPort + ":" + defaultPort, "18081:18081", "18082:18082");
        String command = String.join(" ", texts(redpanda.path("command")));
        assertThat(command).contains("--mode dev-container")
                .contains("external://" + KafkaSettings.DEFAULT_BOOTSTRAP)
                .contains("internal://redpanda:9092");
        assertThat(redpanda.has("healthcheck")).isTrue();
        assertThat(texts(compose.path("services").path("console").path("ports"))).contains("8080:8080");
    }

    @Test
    void should_create_the_pipeline_topics_with_the_default_partition_counts() {
        String script = String.join(" ", texts(compose.path("services").path("topics").path("command")));
        for (Topics.Spec spec : Topics.pipeline(Topics.RAW_CUSTOMERS, Topics.PREDICTIONS, Topics.DEAD_LETTER)) {
            assertThat(script).contains("topic create " + spec.name() + " -p " + spec.partitions() + " ");
        }
    }

    @Test
    void should_point_the_app_services_at_the_internal_listener_and_default_topics() {
        JsonNode services = compose.path("services");
        for (String app : List.of("producer", "consumer")) {
            assertThat(services.path(app).path("environment").path(KafkaSettings.ENV_BOOTSTRAP).asText()).isEqualTo("redpanda:9092");
            assertThat(texts(services.path(app).path("profiles"))).containsExactly("apps");
        }
        assertThat(texts(services.path("producer").path("command"))).contains(Topics.RAW_CUSTOMERS);
        assertThat(texts(services.path("consumer").path("command")))
                .contains(Topics.RAW_CUSTOMERS, Topics.PREDICTIONS, Topics.DEAD_LETTER, "churn-prediction-group");
    }

    @Test
    void should_serve_the_consumers_metrics_on_every_interface_of_its_container_where_the_port_is_published() {
        JsonNode consumer = compose.path("services").path("consumer");
        String command = String.join(" ", texts(consumer.path("command")));

        assertThat(texts(consumer.path("ports"))).contains("9464:9464");
        assertThat(command).contains("--metrics-port 9464").contains("--metrics-bind 0.0.0.0");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
