package io.churnstream.producer.send;

import io.churnstream.common.checkpoint.Checkpoint;
import io.churnstream.common.checkpoint.FileIdentity;
import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.producer.report.RunStats;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

/** {@code --exactly-once}: each batch is one transaction that also carries the resume position, so rows and position commit together. */
public final class TransactionalKafkaSink extends KafkaSink {

    private final String transactionalId;
    private final FileIdentity input;
    private boolean open;

    public TransactionalKafkaSink(Producer<byte[], byte[]> producer, String topic, RunStats stats, SendListener listener,
                                  String transactionalId, FileIdentity input) {
        super(producer, topic, stats, listener);
        this.transactionalId = transactionalId;
        this.input = input;
    }

    @Override
    public void send(long row, byte[] key, byte[] value, AckWatermark acks) {
        begin();
        super.send(row, key, value, acks);
    }

    @Override
    public void endBatch(long nextRow) {
        begin();
        try {
            producer.send(KafkaCheckpoints.record(transactionalId, Checkpoint.of(input, topic, nextRow)));
            producer.commitTransaction();
            open = false;
        } catch (KafkaException e) {
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "transaction of rows before " + nextRow
                    + " failed and was not committed: " + e.getMessage(), e);
        }
    }

    @Override
    public void abortBatch() {
        if (open) {
            open = false;
            producer.abortTransaction();
        }
    }

    private void begin() {
        if (!open) {
            producer.beginTransaction();
            open = true;
        }
    }
}
