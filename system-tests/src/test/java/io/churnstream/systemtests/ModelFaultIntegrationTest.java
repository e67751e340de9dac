package io.churnstream.systemtests;

import static io.churnstream.common.record.CustomerFields.*;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.ErrorType;
import io.churnstream.systemtests.Invariant.Delivery;
import io.churnstream.systemtests.Invariant.Pipeline;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 8: {@code --model} is a PMML that refuses one category and scores NaN for some customers
 * ({@link FaultyModel}). Those customers become inference_error dead letters; the rest are predicted, and no NaN is
 * published. See docs/reliability.md.
 */
@Tag("faults")
class ModelFaultIntegrationTest extends OwnBroker {

    private static final int RECORDS = 3_000;
    private static final Pipeline PIPELINE = Pipeline.named("model");

    @Test
    void should_dead_letter_what_the_model_refuses_or_scores_nan_as_inference_errors_and_predict_the_rest() throws Exception {
        Path model = FaultyModel.write(dir);
        List<CustomerRecord> customers = ConsumerInput.customers(RECORDS, 8);
        ConsumerInput.createTopic(topics, PIPELINE.input());
        topics.send(ConsumerInput.records(PIPELINE.input(), customers));
        Map<String, ErrorType> refused = new LinkedHashMap<>();
        customers.stream().filter(FaultyModel::refuses).forEach(c -> refused.put(c.customerId(), ErrorType.INFERENCE_ERROR));
        assertThat(customers).as("customers the model cannot know").anyMatch(c -> !FaultyModel.scoresNaN(c)
                && FaultyModel.UNKNOWN_PAYMENT_METHOD.equals(c.text(PAYMENT_METHOD)));
        assertThat(customers).as("customers it scores NaN").anyMatch(c -> FaultyModel.scoresNaN(c)
                && !FaultyModel.UNKNOWN_PAYMENT_METHOD.equals(c.text(PAYMENT_METHOD)));

        ConsumerJar.Run run = new ConsumerJar(dir.resolve("consumer"), kafka.bootstrapServers(), PIPELINE,
                List.of("--model", model.toString())).batch("--max-messages", Integer.toString(RECORDS), "--timeout-ms", "60000");

        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode summary = run.summary();
        assertThat(summary.get("predicted").asLong()).isEqualTo(RECORDS - refused.size());
        assertThat(summary.at("/dead_lettered/by_type/inference_error").asLong()).isEqualTo(refused.size());
        assertThat(summary.at("/dead_lettered/total").asLong()).isEqualTo(refused.size());
        assertThat(DeadLetterAudit.mismatches(topics, PIPELINE, refused)).isEmpty();
        Map<String, CustomerRecord> byId = new LinkedHashMap<>();
        customers.forEach(c -> byId.put(c.customerId(), c));
        for (ConsumerRecord<byte[], byte[]> letter : topics.readAll(PIPELINE.deadLetters(), true)) {
            CustomerRecord customer = byId.get(TopicIO.key(letter));
            String why = FaultyModel.UNKNOWN_PAYMENT_METHOD.equals(customer.text(PAYMENT_METHOD)) ? "category" : "invalid value";
            assertThat(Json.parse(letter.value()).get("error_message").asText()).as(customer.customerId()).contains(why);
        }
        for (ConsumerRecord<byte[], byte[]> r : topics.readAll(PIPELINE.predictions(), true)) {
            JsonNode probability = Json.parse(r.value()).get("churn_probability");
            assertThat(probability.isNumber() && probability.asDouble() >= 0 && probability.asDouble() <= 1)
                    .as("churn_probability of %s: %s", TopicIO.key(r), probability).isTrue();
        }
        Invariant.Report report = Invariant.check(topics, PIPELINE, Delivery.AT_LEAST_ONCE).assertHolds().assertUniqueInputs();
        assertThat(report.duplicates()).as("outputs beyond one per input in a run without faults").isZero();
    }
}
