package io.churnstream.consumer.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.ErrorType;
import io.churnstream.common.record.EventTime;
import io.churnstream.common.record.Prediction;
import io.churnstream.model.Score;
import io.churnstream.model.ScoringException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Decode, validate and score one customer event; a prediction keyed by customerID, or a dead letter with the reason.
 * The model comes from {@code model} for each record; it must change only between polls (see
 * {@link PollListener#beforeProcessing}), so that one model scores a whole poll.
 */
public final class ScoringProcessor implements RecordProcessor {

    private final RecordDecoder decoder;
    private final Supplier<ScoringModel> model;
    private final String outputTopic;
    private final DeadLetters deadLetters;
    private final PredictionWriter predictions = new PredictionWriter();

    public ScoringProcessor(Supplier<ScoringModel> model, String outputTopic, DeadLetters deadLetters,
                            int maxRecordBytes) {
        this.decoder = new RecordDecoder(maxRecordBytes);
        this.model = model;
        this.outputTopic = outputTopic;
        this.deadLetters = deadLetters;
    }

    /** One model for the whole run. */
    public ScoringProcessor(Scorer scorer, String modelVersion, String outputTopic, DeadLetters deadLetters,
                            int maxRecordBytes) {
        this(fixed(new ScoringModel(scorer, modelVersion)), outputTopic, deadLetters, maxRecordBytes);
    }

    private static Supplier<ScoringModel> fixed(ScoringModel model) {
        return () -> model;
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
        ScoringModel scoring = model.get();
        String modelVersion = scoring.version();
        long start = System.nanoTime();
        Score score;
        try {
            score = scoring.scorer().score(customer);
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
                customer.eventTs(), predictions.processedTs(), scoringNanos / 1_000_000.0, modelVersion);
        byte[] value = predictions.write(prediction);
        ProducerRecord<byte[], byte[]> output = new ProducerRecord<>(outputTopic,
                customer.customerId().getBytes(StandardCharsets.UTF_8), value);
        return new Outcome.Scored(output, customer, modelVersion, score.probability(), score.churn(),
                scoringNanos, EventTime.epochMillis(customer.eventTs()));
    }

    private Outcome deadLetter(ConsumerRecord<byte[], byte[]> input, Failure failure) {
        return new Outcome.DeadLettered(deadLetters.build(input, failure), failure.type());
    }
}
