package io.churnstream.producer.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import io.churnstream.common.checkpoint.FileIdentity;
import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.Shutdown;
import io.churnstream.producer.report.RunStats;
import io.churnstream.producer.source.CustomerSource;
import io.churnstream.producer.source.GeneratedCustomerSource;
import io.churnstream.producer.source.SourceRow;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The publisher's failure paths, with fake sinks and Kafka's MockProducer standing in for the broker. */
class BatchPublisherTest {

    private static final FileIdentity INPUT = FileIdentity.ofName("generator:seed=1,rows=12", 12);

    private final RunStats stats = new RunStats();
    private final List<Long> checkpoints = new ArrayList<>();

    @Test
    void should_report_the_read_failure_even_when_flushing_afterwards_fails_too() {
        RecordSink sink = new RecordSink() {
            @Override
            public void send(long row, byte[] key, byte[] value, AckWatermark acks) {
                acks.complete(row);
            }

            @Override
            public void flush() {
                throw new IllegalStateException("flush after a failed read");
            }

            @Override
            public void close() {
            }
        };

        Throwable thrown = catchThrowable(() -> publisher(sink).run(failingAfter(7), 0));

        assertThat(thrown).isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot read the input")
                .hasRootCauseMessage("disk gone");
    }

    @Test
    void should_abort_a_transaction_whose_commit_failed_and_never_commit_it_again() {
        CountingProducer producer = new CountingProducer();
        producer.initTransactions();
        producer.failCommit = 1;

        Throwable thrown = catchThrowable(() -> publisher(transactional(producer)).run(new GeneratedCustomerSource(1, 12, 0), 0));

        assertThat(thrown).isInstanceOf(CliException.class).hasMessageContaining("transaction of rows before 5 failed")
                .hasMessageContaining("commit refused");
        assertThat(producer.commits).as("commit attempts").isEqualTo(1);
        assertThat(producer.transactionAborted()).as("aborted").isTrue();
        assertThat(producer.transactionInFlight()).isFalse();
        assertThat(checkpoints).isEmpty();
    }

    @Test
    void should_abort_the_last_partial_batch_when_its_commit_fails() {
        CountingProducer producer = new CountingProducer();
        producer.initTransactions();
        producer.failCommit = 3;

        Throwable thrown = catchThrowable(() -> publisher(transactional(producer)).run(new GeneratedCustomerSource(1, 12, 0), 0));

        assertThat(thrown).isInstanceOf(CliException.class).hasMessageContaining("transaction of rows before 12 failed");
        assertThat(producer.commits).isEqualTo(3);
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(checkpoints).containsExactly(5L, 10L);
    }

    @Test
    void should_abort_the_open_transaction_when_a_row_cannot_be_sent() {
        CountingProducer producer = new CountingProducer();
        producer.initTransactions();
        producer.sendException = new KafkaException("record too large");

        Throwable thrown = catchThrowable(() -> publisher(transactional(producer)).run(new GeneratedCustomerSource(1, 12, 0), 0));

        assertThat(thrown).isInstanceOf(CliException.class).hasMessageContaining("row 0 could not be delivered")
                .hasMessageContaining("record too large");
        assertThat(producer.commits).isZero();
        assertThat(producer.transactionAborted()).isTrue();
    }

    @Test
    void should_commit_each_batch_once_and_checkpoint_after_it() {
        CountingProducer producer = new CountingProducer();
        producer.initTransactions();

        long next = publisher(transactional(producer)).run(new GeneratedCustomerSource(1, 12, 0), 0);

        assertThat(next).isEqualTo(12);
        assertThat(producer.commits).isEqualTo(3);
        assertThat(producer.transactionAborted()).isFalse();
        assertThat(checkpoints).containsExactly(5L, 10L, 12L);
    }

    private BatchPublisher publisher(RecordSink sink) {
        return new BatchPublisher(sink, stats, new RowReporter(false), 5, 1, WireFormat.NATIVE, checkpoints::add,
                Shutdown.manual());
    }

    private TransactionalKafkaSink transactional(MockProducer<byte[], byte[]> producer) {
        return new TransactionalKafkaSink(producer, "raw", stats, SendListener.NONE, "txn", INPUT);
    }

    /** Generated rows, then an I/O error in place of row {@code rows}. */
    private static CustomerSource failingAfter(int rows) {
        GeneratedCustomerSource rowsBefore = new GeneratedCustomerSource(1, rows, 0);
        return new CustomerSource() {
            @Override
            public SourceRow next() throws IOException {
                SourceRow row = rowsBefore.next();
                if (row == null) {
                    throw new IOException("disk gone");
                }
                return row;
            }

            @Override
            public double progress() {
                return -1;
            }

            @Override
            public void close() {
            }
        };
    }

    /** Counts commit attempts, failed ones included (MockProducer counts only the successful ones). */
    private static final class CountingProducer extends MockProducer<byte[], byte[]> {
        int commits;
        int failCommit;

        CountingProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void commitTransaction() {
            if (++commits == failCommit) {
                throw new KafkaException("commit refused");
            }
            super.commitTransaction();
        }
    }
}
