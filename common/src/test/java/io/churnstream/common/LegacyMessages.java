package io.churnstream.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.json.Json;
import io.churnstream.common.schema.MessageValidator;

/**
 * The earlier Python system's wire format, as its reference describes it: its three JSON Schemas, written from that
 * description, and hand-written golden customer messages in its format, each with its twin in churnstream's types.
 */
public final class LegacyMessages {

    /** A message as the earlier producer writes it, and the same customer as churnstream writes it. */
    public record Golden(JsonNode legacy, JsonNode twin) {
        public byte[] legacyBytes() {
            return Json.write(legacy);
        }

        public byte[] twinBytes() {
            return Json.write(twin);
        }

        @Override
        public String toString() {
            return legacy.toString();
        }
    }

    private LegacyMessages() {
    }

    public static MessageValidator customerSchema() {
        return MessageValidator.load("/legacy/customer.schema.json");
    }

    public static MessageValidator predictionSchema() {
        return MessageValidator.load("/legacy/prediction.schema.json");
    }

    public static MessageValidator deadLetterSchema() {
        return MessageValidator.load("/legacy/deadletter.schema.json");
    }

    /** Numeric-string and blank totals, micro- and nanosecond timestamps, the label present. */
    public static List<Golden> golden() {
        List<Golden> golden = new ArrayList<>();
        try (InputStream in = LegacyMessages.class.getResourceAsStream("/legacy/golden-customers.jsonl");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode pair = Json.parse(line.getBytes(StandardCharsets.UTF_8));
                golden.add(new Golden(pair.get("legacy"), pair.get("twin")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return golden;
    }
}
