package io.churnstream.consumer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.LegacyMessages;
import io.churnstream.common.PoisonPills;
import io.churnstream.common.TestCustomers;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.ErrorType;
import io.churnstream.common.schema.MessageValidator;
import io.churnstream.common.synthetic.SyntheticCustomers;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.Score;
import io.churnstream.model.ScoringException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScoringProcessorTest {

    private static final ChurnModel MODEL = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD);
    private static final DeadLetters DEAD_LETTERS = new DeadLetters("dlq", "group-1", 1_048_588, DeadLetterFormat.NATIVE);

    private final ScoringProcessor processor = processor(MODEL::score);

    private static ScoringProcessor processor(Scorer scorer) {
        return new ScoringProcessor(scorer, "test-model", "predictions", DEAD_LETTERS, 65_536);
    }

    @Test
    void should_score_every_golden_message_of_the_earlier_producer_as_its_twin() throws Exception {
        for (LegacyMessages.Golden golden : LegacyMessages.golden()) {
            Outcome legacy = processor.process(Inputs.of("k", golden.legacyBytes(), 1));
            Outcome twin = processor.process(Inputs.of("k", golden.twinBytes(), 2));

            assertThat(legacy).as(golden.toString()).isInstanceOf(Outcome.Scored.class);
            assertThat(twin).as(golden.toString()).isInstanceOf(Outcome.Scored.class);
            assertThat(((Outcome.Scored) legacy).probability()).as(golden.toString())
                    .isEqualTo(((Outcome.Scored) twin).probability());
            JsonNode prediction = Json.parse(legacy.output().value());
            assertThat(prediction.get("event_ts").asText()).isEqualTo(golden.legacy().get("event_ts").asText());
            assertThat(MessageValidator.prediction().validate(prediction)).isEmpty();
            assertThat(LegacyMessages.predictionSchema().validate(prediction)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pills")
    void should_write_a_dead_letter_the_earlier_schema_accepts_in_the_legacy_format(PoisonPills.Pill pill)
            throws Exception {
        ScoringProcessor legacy = new ScoringProcessor(MODEL::score, "test-model", "predictions",
                new DeadLetters("dlq", "group-1", 1_048_588, DeadLetterFormat.LEGACY), 65_536);

        Outcome outcome = legacy.process(Inputs.of("key-1", pill.value(), 42));

        assertThat(((Outcome.DeadLettered) outcome).errorType()).isEqualTo(pill.expected());
        ProducerRecord<byte[], byte[]> out = outcome.output();
        JsonNode letter = Json.parse(out.value());
        assertThat(LegacyMessages.deadLetterSchema().validate(letter)).as(letter.toString()).isEmpty();
        assertThat(letter.get("original_message").isObject()).isTrue();
        assertThat(letter.get("error_type").asText())
                .isEqualTo(pill.expected() == ErrorType.PARSE_ERROR ? "validation_error" : pill.expected().wireName());
        assertThat(letter.get("source_topic").asText()).isEqualTo(Inputs.TOPIC);
        assertThat(header(out, "churn.error.type")).isEqualTo(pill.expected().wireName());
        assertThat(header(out, "churn.source.partition")).isEqualTo("1");
        assertThat(header(out, "churn.source.offset")).isEqualTo("42");
        assertThat(header(out, "churn.original.encoding")).isNotBlank();
    }

    @Test
    void should_publish_the_models_probability_keyed_by_customer_id() throws Exception {
        SyntheticCustomers generator = new SyntheticCustomers(7);
        for (int i = 0; i < 200; i++) {
            CustomerRecord customer = generator.next().withEventTs("2026-11-25T10:00:00Z");
            Outcome outcome = processor.process(Inputs.of(customer, i));

            assertThat(outcome).isInstanceOf(Outcome.Scored.class);
            ProducerRecord<byte[], byte[]> out = outcome.output();
            JsonNode prediction = Json.parse(out.value());
            Score expected = MODEL.score(customer);
            assertThat(out.topic()).isEqualTo("predictions");
            assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo(customer.customerId());
            assertThat(prediction.get("churn_probability").asDouble()).isEqualTo(expected.probability());
            assertThat(prediction.get("prediction").asText()).isEqualTo(expected.label());
            assertThat(prediction.get("event_ts").asText()).isEqualTo("2026-11-25T10:00:00Z");
            assertThat(prediction.get("model_version").asText()).isEqualTo("test-model");
            assertThat(prediction.get("processed_ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(MessageValidator.prediction().validate(prediction)).isEmpty();
        }
    }

    static List<PoisonPills.Pill> pills() {
        return PoisonPills.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pills")
    void should_dead_letter_every_kind_of_bad_input_with_its_error_type(PoisonPills.Pill pill) throws Exception {
        Outcome outcome = processor.process(Inputs.of("key-1", pill.value(), 42));

        assertThat(outcome).isInstanceOf(Outcome.DeadLettered.class);
        assertThat(((Outcome.DeadLettered) outcome).errorType()).isEqualTo(pill.expected());
        ProducerRecord<byte[], byte[]> out = outcome.output();
        assertThat(out.topic()).isEqualTo("dlq");
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("key-1");
        JsonNode letter = Json.parse(out.value());
        assertThat(MessageValidator.deadLetter().validate(letter)).isEmpty();
        assertThat(letter.get("error_type").asText()).isEqualTo(pill.expected().wireName());
        assertThat(letter.get("error_message").asText()).isNotBlank();
        assertThat(letter.get("source_topic").asText()).isEqualTo(Inputs.TOPIC);
        assertThat(letter.get("source_partition").asInt()).isEqualTo(1);
        assertThat(letter.get("source_offset").asLong()).isEqualTo(42);
        assertThat(letter.get("consumer_group").asText()).isEqualTo("group-1");
        assertThat(header(out, "churn.error.type")).isEqualTo(pill.expected().wireName());
        assertThat(header(out, "churn.source.offset")).isEqualTo("42");
        assertThat(header(out, "churn.source.partition")).isEqualTo("1");
        assertThat(header(out, "churn.source.topic")).isEqualTo(Inputs.TOPIC);
        assertThat(header(out, "churn.error.message")).isNotBlank();
        assertThat(header(out, "churn.original.encoding")).isEqualTo(letter.get("original_encoding").asText());
        assertThat(letter.get("validation_errors").isArray()).isTrue();
        if (pill.expected() == ErrorType.VALIDATION_ERROR) {
            assertThat(letter.get("validation_errors")).isNotEmpty();
        } else {
            assertThat(letter.get("validation_errors")).isEmpty();
        }
    }

    @Test
    void should_name_the_field_and_the_problem_in_validation_errors() throws Exception {
        byte[] value = Json.write(TestCustomers.fiberMonthToMonth("1234-ABCDE"));
        String text = new String(value, StandardCharsets.UTF_8).replace("\"tenure\":5", "\"tenure\":-3");

        JsonNode letter = Json.parse(processor.process(Inputs.of("k", text.getBytes(StandardCharsets.UTF_8), 0)).output().value());

        assertThat(letter.get("validation_errors").toString()).contains("tenure: must be >= 0, got -3");
        assertThat(letter.get("original_message").get("tenure").asInt()).isEqualTo(-3);
        assertThat(letter.get("original_encoding").asText()).isEqualTo("json");
    }

    @Test
    void should_dead_letter_an_oversized_value_unread_with_its_first_kilobyte() throws Exception {
        byte[] big = new byte[200_000];
        Arrays.fill(big, (byte) 'x');
        big[0] = '{';
        big[big.length - 1] = (byte) 0xFF;

        Outcome outcome = processor.process(Inputs.of("k", big, 5));

        assertThat(((Outcome.DeadLettered) outcome).errorType()).isEqualTo(ErrorType.PARSE_ERROR);
        JsonNode letter = Json.parse(outcome.output().value());
        assertThat(letter.get("error_message").asText())
                .startsWith("value is 200000 bytes, over the 65536-byte limit").endsWith("dead-lettered unread");
        assertThat(letter.get("original_message").asText()).hasSize(1024).startsWith("{xxx");
        assertThat(letter.get("original_truncated").asBoolean()).isTrue();
        assertThat(letter.get("original_size_bytes").asInt()).isEqualTo(200_000);
        assertThat(MessageValidator.deadLetter().validate(letter)).isEmpty();
    }

    @Test
    void should_keep_bytes_that_are_not_utf8_as_base64() throws Exception {
        byte[] bad = {'{', (byte) 0xFF, (byte) 0xFE, '}'};

        JsonNode letter = Json.parse(processor.process(Inputs.of("k", bad, 0)).output().value());

        assertThat(letter.get("original_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(letter.get("original_message").asText())).isEqualTo(bad);
    }

    @Test
    void should_dead_letter_a_refusal_of_the_model_as_inference_error() throws Exception {
        ScoringProcessor refusing = processor(c -> {
            throw new ScoringException("Contract: unknown category");
        });

        Outcome outcome = refusing.process(Inputs.of(TestCustomers.fiberMonthToMonth("1234-ABCDE"), 3));

        assertThat(outcome).isInstanceOf(Outcome.DeadLettered.class);
        JsonNode letter = Json.parse(outcome.output().value());
        assertThat(letter.get("error_type").asText()).isEqualTo("inference_error");
        assertThat(letter.get("error_message").asText()).contains("unknown category");
        assertThat(letter.get("original_message").get("customerID").asText()).isEqualTo("1234-ABCDE");
    }

    @Test
    void should_dead_letter_a_nan_probability_as_inference_error() {
        ScoringProcessor nan = processor(c -> new Score(Double.NaN, "No"));

        Outcome outcome = nan.process(Inputs.of(TestCustomers.fiberMonthToMonth("1234-ABCDE"), 3));

        assertThat(((Outcome.DeadLettered) outcome).errorType()).isEqualTo(ErrorType.INFERENCE_ERROR);
    }

    @Test
    void should_dead_letter_an_unexpected_exception_as_processing_error() {
        ScoringProcessor broken = processor(c -> {
            throw new IllegalStateException("boom");
        });

        Outcome outcome = broken.process(Inputs.of(TestCustomers.fiberMonthToMonth("1234-ABCDE"), 3));

        assertThat(((Outcome.DeadLettered) outcome).errorType()).isEqualTo(ErrorType.PROCESSING_ERROR);
        assertThat(header(outcome.output(), "churn.error.message")).contains("boom");
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
