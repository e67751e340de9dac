package io.churnstream.common.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import io.churnstream.common.record.Prediction;

/**
 * Writes a {@link Prediction} with a bare generator: the mapper's bytes, without its per-value serializer lookups,
 * once per scored record. Thread-safe.
 */
public final class PredictionWriter {

    private PredictionWriter() {
    }

    public static byte[] write(Prediction p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("customerID", p.customerId());
            g.writeNumberField("churn_probability", p.churnProbability());
            g.writeStringField("prediction", p.prediction());
            g.writeStringField("event_ts", p.eventTs());
            g.writeStringField("processed_ts", p.processedTs());
            g.writeNumberField("inference_latency_ms", p.inferenceLatencyMs());
            g.writeStringField("model_version", p.modelVersion());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise a prediction", e);
        }
        return out.toByteArray();
    }
}
