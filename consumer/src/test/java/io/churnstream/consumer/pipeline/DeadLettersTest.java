package io.churnstream.consumer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.churnstream.common.LegacyMessages;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.ErrorType;
import io.churnstream.common.schema.MessageValidator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void should_truncate_an_original_too_big_for_the_topic_and_say_so() throws Exception {
        int topicLimit = 64 * 1024;
        DeadLetters deadLetters = new DeadLetters("dlq", "g", topicLimit, DeadLetterFormat.NATIVE);
        byte[] raw = "\u0001\"quoted\" text ".repeat(20_000).getBytes(StandardCharsets.UTF_8);
        Failure failure = Failure.parse("not valid JSON", raw, new String(raw, StandardCharsets.UTF_8));

        ProducerRecord<byte[], byte[]> out = deadLetters.build(Inputs.of("k", raw, 9), failure);

        assertThat(out.value().length).isLessThanOrEqualTo(topicLimit - DeadLetters.OVERHEAD_BYTES);
        JsonNode letter = Json.parse(out.value());
        assertThat(letter.get("original_truncated").asBoolean()).isTrue();
        assertThat(letter.get("original_size_bytes").asInt()).isEqualTo(raw.length);
        assertThat(letter.get("original_message").asText()).isNotEmpty();
        assertThat(new String(raw, StandardCharsets.UTF_8)).startsWith(letter.get("original_message").asText());
        assertThat(MessageValidator.deadLetter().validate(letter)).isEmpty();
    }

    @Test
    void should_truncate_in_the_legacy_format_inside_the_wrapped_original() throws Exception {
        int topicLimit = 64 * 1024;
        DeadLetters deadLetters = new DeadLetters("dlq", "g", topicLimit, DeadLetterFormat.LEGACY);
        byte[] raw = "not json ".repeat(20_000).getBytes(StandardCharsets.UTF_8);

        ProducerRecord<byte[], byte[]> out = deadLetters.build(Inputs.of("k", raw, 9),
                Failure.parse("not valid JSON", raw, new String(raw, StandardCharsets.UTF_8)));

        assertThat(out.value().length).isLessThanOrEqualTo(topicLimit - DeadLetters.OVERHEAD_BYTES);
        JsonNode letter = Json.parse(out.value());
        assertThat(LegacyMessages.deadLetterSchema().validate(letter)).isEmpty();
        assertThat(letter.get("original_message").get("truncated").asBoolean()).isTrue();
        assertThat(letter.get("original_message").get("size_bytes").asInt()).isEqualTo(raw.length);
        assertThat(new String(raw, StandardCharsets.UTF_8)).startsWith(letter.get("original_message").get("text").asText());
        assertThat(new String(out.headers().lastHeader("churn.original.size.bytes").value(), StandardCharsets.UTF_8))
                .isEqualTo(Integer.toString(raw.length));
    }

    @Test
    void should_keep_a_small_original_whole_and_unmarked() throws Exception {
        DeadLetters deadLetters = new DeadLetters("dlq", "g", 1_048_588, DeadLetterFormat.NATIVE);
        byte[] raw = "oops".getBytes(StandardCharsets.UTF_8);

        JsonNode letter = Json.parse(deadLetters.build(Inputs.of("k", raw, 0),
                Failure.parse("not valid JSON", raw, "oops")).value());

        assertThat(letter.get("original_message").asText()).isEqualTo("oops");
        assertThat(letter.has("original_truncated")).isFalse();
        assertThat(letter.has("original_size_bytes")).isFalse();
    }

    @Test
    void should_keep_the_original_key_even_when_null() {
        DeadLetters deadLetters = new DeadLetters("dlq", "g", 1_048_588, DeadLetterFormat.NATIVE);
        Failure failure = new Failure(ErrorType.PARSE_ERROR, "value is empty", List.of(), TextNode.valueOf(""),
                Failure.TEXT, new byte[0]);

        ProducerRecord<byte[], byte[]> out = deadLetters.build(Inputs.of(null, new byte[0], 0), failure);

        assertThat(out.key()).isNull();
        assertThat(out.topic()).isEqualTo("dlq");
    }
}
