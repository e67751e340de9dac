package io.churnstream.consumer.pipeline;

import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.ErrorType;
import org.apache.kafka.clients.producer.ProducerRecord;

/** What became of one input record: the output to publish, and what the run statistics need to know of it. */
public sealed interface Outcome permits Outcome.Scored, Outcome.DeadLettered, Outcome.Copied {

    ProducerRecord<byte[], byte[]> output();

    /**
     * A prediction of {@code customer} by the model {@code modelVersion}. {@code eventTimeMillis} is the input's
     * event time (or -1 when it had none).
     */
    record Scored(ProducerRecord<byte[], byte[]> output, CustomerRecord customer, String modelVersion,
                  double probability, boolean churn, long scoringNanos, long eventTimeMillis) implements Outcome {

        /** The customer's contract, which groups the churn rate in the run summary. */
        public String contract() {
            return customer.text(CustomerFields.CONTRACT);
        }
    }

    /** A dead letter. */
    record DeadLettered(ProducerRecord<byte[], byte[]> output, ErrorType errorType) implements Outcome {
    }

    /** The input copied unchanged (the pass-through baseline of the benchmarks). */
    record Copied(ProducerRecord<byte[], byte[]> output) implements Outcome {
    }
}
