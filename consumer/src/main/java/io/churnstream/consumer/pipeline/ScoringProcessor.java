package io.churnstream.consumer.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.ErrorType;
import io.churnstream.common.record.EventTime;
import io.churnstream.common.record.Prediction;
import io.churnstream.model.Score;
import io.churnstream.model.ScoringException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Decode, validate and score one customer event; a prediction keyed by customerID, or a dead letter with the reason. */
public final class ScoringProcessor implements RecordProcessor {

    private final RecordDecoder decoder;
    private final Scorer scorer;
    private final String modelVersion;
    private final String outputTopic;
    private final DeadLetters deadLetters;

    public ScoringProcessor(Scorer scorer, String modelVersion, String outputTopic, DeadLetters deadLetters,
                            int maxRecordBytes) {
        this.decoder = new RecordDecoder(maxRecordBytes);
        this.scorer = scorer;
        this.modelVersion = modelVersion;
        this.outputTopic = outputTopic;
        this.deadLetters = deadLetters;
    }

    @Override
    public Outcome process(ConsumerRecord<byte[], byte[]> input) {
        try {
            RecordDecoder.Decoded decoded = decoder.decode(input.value());
            if (decoded.failure() != null) {
                return deadLetter(input, decoded.failure());
            }
            return score(input, decoded);
        } catch (RuntimeException e) {
            return new Outcome.DeadLettered(deadLetters.processingError(input, e), ErrorType.PROCESSING_ERROR);
        }
    }

    private Outcome score(ConsumerRecord<byte[], byte[]> input, RecordDecoder.Decoded decoded) {
        CustomerRecord customer = decoded.record();
        long start = System.nanoTime();
        Score score;
        try {
            score = scorer.score(customer);
        } catch (ScoringException e) {
            return deadLetter(input, Failure.of(ErrorType.INFERENCE_ERROR, e.getMessage(), List.of(), decoded.original(input.value()),
                    input.value()));
        }
        long scoringNanos = System.nanoTime() - start;
        if (!(score.probability() >= 0.0 && score.probability() <= 1.0)) {
            return deadLetter(input, Failure.of(ErrorType.INFERENCE_ERROR, "model returned an invalid probability: "
                    + score.probability(), List.of(), decoded.original(input.value()), input.value()));
        }
        Prediction prediction = new Prediction(customer.customerId(), score.probability(), score.label(),
                customer.eventTs(), EventTime.format(Instant.now()), scoringNanos / 1_000_000.0, modelVersion);
        byte[] value = Json.write(prediction);
        ProducerRecord<byte[], byte[]> output = new ProducerRecord<>(outputTopic,
                customer.customerId().getBytes(StandardCharsets.UTF_8), value);
        return new Outcome.Scored(output, customer, modelVersion, score.probability(), "Yes".equals(score.label()),
                scoringNanos, EventTime.epochMillis(customer.eventTs()));
    }

    private Outcome deadLetter(ConsumerRecord<byte[], byte[]> input, Failure failure) {
        return new Outcome.DeadLettered(deadLetters.build(input, failure), failure.type());
    }
}
