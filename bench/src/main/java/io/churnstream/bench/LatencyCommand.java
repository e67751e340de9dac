package io.churnstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;
import io.churnstream.common.cli.KafkaOptions;
import io.churnstream.common.cli.Shutdown;
import io.churnstream.common.cli.UsageException;
import io.churnstream.common.json.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Reads a predictions topic from the beginning without a group (read_committed, as any downstream reader would) and
 * records, per record, the wall clock when it became readable minus its {@code event_ts}, in an HdrHistogram.
 */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "End-to-end latency (event_ts -> readable on --topic) as JSON: count, p50/p95/p99/p999/max ms, "
                + "first/last record wall clock. Stops at --max-records, after --idle-ms without records, or at --timeout-s.")
final class LatencyCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = {"-t", "--topic"}, required = true, description = "Topic whose values carry event_ts.")
    String topic;

    @Option(names = "--max-records", defaultValue = "0", description = "Stop after this many records (0 = no limit).")
    long maxRecords;

    @Option(names = "--warmup-ms", defaultValue = "0",
            description = "Leave out records whose event_ts is within this long of the first timed record's.")
    long warmupMillis;

    @Option(names = "--since-epoch-ms", defaultValue = "0",
            description = "Leave out records whose event_ts is before this wall-clock time (ms since the epoch).")
    long sinceEpochMillis;

    @Option(names = "--count-only", description = "Only count records and time their arrival; do not parse values.")
    boolean countOnly;

    @Option(names = "--idle-ms", defaultValue = "5000", description = "Stop this long after the last record (once one arrived).")
    long idleMillis;

    @Option(names = "--timeout-s", defaultValue = "600", description = "Stop after this many seconds in any case.")
    long timeoutSeconds;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the JSON here instead of stdout.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (maxRecords < 0 || warmupMillis < 0 || sinceEpochMillis < 0 || idleMillis < 1 || timeoutSeconds < 1) {
            throw new UsageException("--max-records and --warmup-ms must be >= 0, --idle-ms and --timeout-s >= 1");
        }
        LatencyRecorder recorder = new LatencyRecorder(warmupMillis, sinceEpochMillis);
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10",
                ConsumerConfig.CLIENT_ID_CONFIG, "churnstream-bench-latency");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try (Shutdown shutdown = Shutdown.install();
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                     kafka.settings(Map.of()).toProperties(consumerConfig), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            shutdown.onStop(consumer::wakeup);
            assignAll(consumer, deadline);
            System.err.println("reading " + topic + " from the beginning");
            long lastRecordNanos = 0;
            while (!shutdown.stopped() && System.nanoTime() < deadline
                    && (maxRecords == 0 || recorder.seen() < maxRecords)
                    && (lastRecordNanos == 0 || System.nanoTime() - lastRecordNanos < TimeUnit.MILLISECONDS.toNanos(idleMillis))) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                if (!records.isEmpty() && recorder.seen() == 0) {
                    System.err.println("first record at " + now);
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    recorder.record(countOnly ? LatencyRecorder.NOT_TIMED : eventMillis(r.value()), now);
                }
                if (!records.isEmpty()) {
                    lastRecordNanos = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // stopped by SIGINT/SIGTERM: report what was seen
        }
        byte[] json = Json.write(recorder.summary(topic));
        if (out == null) {
            System.out.println(new String(json, StandardCharsets.UTF_8));
        } else {
            Files.write(out, json);
        }
        return ExitCodes.OK;
    }

    private void assignAll(KafkaConsumer<byte[], byte[]> consumer, long deadline) {
        while (System.nanoTime() < deadline) {
            List<TopicPartition> partitions;
            try {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                partitions = List.of();
            }
            if (!partitions.isEmpty()) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.INTERRUPTED, "interrupted while waiting for topic " + topic);
            }
        }
        throw new CliException(ExitCodes.RUNTIME_FAILURE, "topic " + topic + " did not appear before --timeout-s");
    }

    private static long eventMillis(byte[] value) {
        try {
            String ts = Json.parse(value).path("event_ts").asText("");
            return ts.isEmpty() ? LatencyRecorder.UNPARSED : Instant.parse(ts).toEpochMilli();
        } catch (IOException | DateTimeParseException e) {
            return LatencyRecorder.UNPARSED;
        }
    }
}
