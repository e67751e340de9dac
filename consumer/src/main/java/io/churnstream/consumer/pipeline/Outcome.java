package io.churnstream.consumer.pipeline;

import io.churnstream.common.record.ErrorType;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What became of one input record: the output to publish, and what the run statistics need to know of it. */
public sealed interface Outcome permits Outcome.Scored, Outcome.DeadLettered, Outcome.Copied {

    ProducerRecord<byte[], byte[]> output();

    /**
     * A prediction. {@code eventTimeMillis} is the input's {@code event_ts} (or -1 when it had none);
     * {@code contract} groups the churn rate in the run summary.
     */
    record Scored(ProducerRecord<byte[], byte[]> output, double probability, boolean churn, String contract,
                  long scoringNanos, long eventTimeMillis) implements Outcome {
    }

    /** A dead letter. */
    record DeadLettered(ProducerRecord<byte[], byte[]> output, ErrorType errorType) implements Outcome {
    }

    /** The input copied unchanged (the pass-through baseline of the benchmarks). */
    record Copied(ProducerRecord<byte[], byte[]> output) implements Outcome {
    }
}
