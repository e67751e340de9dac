package io.churnstream.consumer.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.churnstream.broker.KafkaBrokerExtension;
import io.churnstream.broker.TestBroker;
import io.churnstream.common.CliRun;
import io.churnstream.common.TopicIO;
import io.churnstream.consumer.ConsumerApp;
import io.churnstream.model.ChurnModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code consumer.jar model ...} in process against a real broker, each test on a models topic of its own. */
@ExtendWith(KafkaBrokerExtension.class)
class ModelCommandIntegrationTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun(ConsumerApp::new);
    private String topic;
    private String bootstrap;
    private TopicIO io;

    @BeforeEach
    void topic(TestBroker broker) {
        topic = "models-" + UUID.randomUUID().toString().substring(0, 8);
        bootstrap = broker.bootstrapServers();
        io = new TopicIO(bootstrap);
    }

    @Test
    void should_publish_list_activate_shadow_and_roll_back_versions() throws Exception {
        String v1 = ok("publish", TestModels.BUNDLED.toString(), "--activate");
        String v2 = ok("publish", TestModels.CHALLENGER.toString());

        assertThat(v1).isEqualTo(ChurnModel.bundled(0.5).version().id());
        assertThat(v2).matches("churn-gbm-challenger-[0-9a-f]{8}");
        assertThat(roles()).containsExactly(v1 + " active", v2 + " inactive");

        assertThat(ok("activate", v2)).isEqualTo(v2 + " is active (was " + v1 + ")");
        assertThat(ok("shadow", v1)).isEqualTo(v1 + " is the shadow (was none)");
        assertThat(roles()).containsExactly(v1 + " shadow", v2 + " active");

        assertThat(ok("activate", v1)).as("rolling back to the shadow").isEqualTo(v1 + " is active (was " + v2 + ")");
        assertThat(roles()).as("the promoted shadow is no shadow any more").containsExactly(v1 + " active", v2 + " inactive");

        ok("shadow", v2);
        assertThat(ok("shadow", "--none")).isEqualTo("no shadow (was " + v2 + ")");
        assertThat(roles()).containsExactly(v1 + " active", v2 + " inactive");
    }

    @Test
    void should_list_what_it_published_once_and_write_only_the_role_when_published_again() throws Exception {
        String v1 = ok("publish", TestModels.BUNDLED.toString());
        int records = io.readAll(topic, true).size();

        List<String> table = ok("list").lines().toList();

        assertThat(table.get(0)).matches("VERSION +SHA256 +PUBLISHED +ROLE +ACCURACY +ROC_AUC");
        assertThat(table.get(1).split(" +")).satisfies(row -> {
            assertThat(row[0]).isEqualTo(v1);
            assertThat(row[1]).hasSize(64).startsWith(v1.substring(v1.lastIndexOf('-') + 1));
            assertThat(row[2]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(row[3]).isEqualTo("inactive");
            assertThat(row[4]).isEqualTo("0.8041");
            assertThat(row[5]).isEqualTo("0.8465");
        });

        assertThat(ok("publish", TestModels.BUNDLED.toString(), "--activate")).isEqualTo(v1);
        assertThat(io.readAll(topic, true)).as("one role change, no second copy").hasSize(records + 1);
        assertThat(roles()).containsExactly(v1 + " active");
    }

    @Test
    void should_refuse_a_bad_model_in_one_line_with_exit_2_and_publish_nothing() throws Exception {
        refused(List.of("publish", TestModels.broken(dir).toString()), "refused (unparseable): not a PMML document");
        refused(List.of("publish", TestModels.foreign(dir).toString()),
                "refused (contract_mismatch): model input field 'Complaints' is not a customer field");
        refused(List.of("publish", TestModels.unverified(dir).toString()), "refused (verification_failed)");
        refused(List.of("publish", dir.resolve("none.pmml").toString()), "does not exist");

        assertThat(io.exists(topic)).as("nothing was published, not even the topic created").isFalse();
    }

    @Test
    void should_refuse_roles_for_versions_it_does_not_hold() throws Exception {
        String v1 = ok("publish", TestModels.BUNDLED.toString(), "--activate");

        refused(List.of("activate", "churn-gbm-00000000"), "no version churn-gbm-00000000 on " + topic);
        refused(List.of("shadow", v1), v1 + " is the active version");
        refused(List.of("shadow"), "give either a VERSION or --none");
        assertThat(ok("activate", v1)).isEqualTo(v1 + " is active already");
    }

    /** The version and role of each row of {@code model list}. */
    private List<String> roles() {
        List<String> roles = new ArrayList<>();
        ok("list").lines().skip(1).forEach(line -> {
            String[] cells = line.split(" +");
            roles.add(cells[0] + " " + cells[3]);
        });
        return roles;
    }

    private String ok(String... args) {
        int code = cli.execute(command(List.of(args)));
        assertThat(code).as("model %s: %s", List.of(args), cli.err()).isZero();
        return cli.out().strip();
    }

    private void refused(List<String> args, String message) {
        int code = cli.execute(command(args));
        assertThat(code).as("model %s", args).isEqualTo(2);
        assertThat(cli.err().strip()).as("one line").doesNotContain("\n").startsWith("error: ").contains(message);
        assertThat(cli.out()).isEmpty();
    }

    private String[] command(List<String> args) {
        List<String> command = new ArrayList<>(List.of("model"));
        command.addAll(args);
        command.addAll(List.of("--models-topic", topic, "--bootstrap-servers", bootstrap, "--log-dir",
                dir.resolve("logs").toString()));
        return command.toArray(String[]::new);
    }
}
