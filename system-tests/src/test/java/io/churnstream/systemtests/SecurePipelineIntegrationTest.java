package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.kafka.Topics;
import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import io.churnstream.systemtests.Invariant.Report;
import io.churnstream.systemtests.JarCommand.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both jars, exactly once, against {@code broker.jar --secure} with nothing but the client settings files it writes:
 * proof that the service accounts' ACLs are enough for the jars as they are. Every generated row reaches the raw topic
 * once, every raw record comes out once as a prediction or a dead letter, and no refusal shows up in any output. The
 * only test that writes the pipeline's own topics and group on the shared secured broker.
 */
@ExtendWith(SecuredBroker.Extension.class)
class SecurePipelineIntegrationTest {

    private static final int ROWS = 300;
    private static final String GROUP = "churn-prediction-group";

    @TempDir
    Path dir;

    @Test
    void should_run_producer_and_consumer_exactly_once_with_their_own_accounts_only(SecuredBroker broker) throws Exception {
        GeneratedInput input = GeneratedInput.generate(dir, ROWS, 11);
        TopicIO audit = broker.audit();

        Result produced = JarCommand.PRODUCER_BATCH.run(dir.resolve("producer"), List.of("--input", input.file().toString(),
                "--exactly-once", "--kafka-config", broker.clientFile(SecuredBroker.PRODUCER).toString()));

        assertThat(produced.exitCode()).as(produced.describe()).isZero();
        JsonNode producer = summary(produced.dir());
        assertThat(producer.get("read").asLong()).isEqualTo(ROWS);
        assertThat(producer.get("sent").asLong()).isEqualTo(ROWS);
        assertThat(producer.get("failed").asLong()).isZero();
        Invariant.delivered(input.ledger(), GeneratedInput.rowsOn(audit, Topics.RAW_CUSTOMERS, true), Delivery.EXACTLY_ONCE)
                .assertHolds();

        Result consumed = JarCommand.CONSUMER_BATCH.run(dir.resolve("consumer"), List.of("--exactly-once",
                "--max-messages", Integer.toString(ROWS), "--timeout-ms", "60000",
                "--kafka-config", broker.clientFile(SecuredBroker.CONSUMER).toString()));

        assertThat(consumed.exitCode()).as(consumed.describe()).isZero();
        JsonNode consumer = summary(consumed.dir());
        assertThat(consumer.get("consumed").asLong()).isEqualTo(ROWS);
        assertThat(consumer.get("predicted").asLong() + consumer.at("/dead_lettered/total").asLong()).isEqualTo(ROWS);
        Report pipeline = Invariant.check(audit, Pipeline.defaults(GROUP), Delivery.EXACTLY_ONCE).assertHolds();
        assertThat(pipeline.inputs()).isEqualTo(ROWS);
        assertThat(pipeline.outputs()).isEqualTo(ROWS);
        for (Result run : List.of(produced, consumed)) {
            assertThat(everything(run.dir())).as("refusals written by the run in %s", run.dir())
                    .doesNotContainIgnoringCase("authoriz").doesNotContainIgnoringCase("authenticat");
            assertThat(run.stderr().lines().filter(SecureFailuresIntegrationTest::noteworthy))
                    .as("warnings of the run in %s", run.dir()).isEmpty();
        }
    }

    /** The one JSON run summary a run wrote into its reports directory. */
    private static JsonNode summary(Path runDir) throws IOException {
        List<Path> summaries = JarCommand.filesUnder(runDir.resolve("reports")).stream()
                .filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        assertThat(summaries).as("run summaries in %s", runDir).hasSize(1);
        return Json.parse(Files.readAllBytes(summaries.get(0)));
    }

    private static String everything(Path runDir) {
        return JarCommand.filesUnder(runDir).stream().map(JarCommand::read).collect(Collectors.joining("\n"));
    }
}
