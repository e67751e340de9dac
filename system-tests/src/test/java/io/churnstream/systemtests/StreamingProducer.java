package io.churnstream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.TestJars;
import io.churnstream.common.TopicIO;
import io.churnstream.common.json.Json;
import io.churnstream.common.process.JvmProcess;
import io.churnstream.common.synthetic.SyntheticCustomers;

/**
 * {@code producer.jar streaming} of the seeded generator at a steady rate, left to its own retries. After a stop, what
 * it reports is checked against the topic: the first N customers of the same seed, N the events it acknowledged.
 */
final class StreamingProducer implements AutoCloseable {

    private static final Pattern PROGRESS = Pattern.compile("progress: ([\\d,]+) sent");

    private final JvmProcess process;
    private final Path summary;
    private final String topic;
    private final long seed;

    private StreamingProducer(JvmProcess process, Path summary, String topic, long seed) {
        this.process = process;
        this.summary = summary;
        this.topic = topic;
        this.seed = seed;
    }

    static StreamingProducer start(Path dir, String bootstrap, String topic, int eventsPerSecond, long seed) {
        Path summary = dir.resolve("summary.json");
        JvmProcess process = TestJars.start(Jars.PRODUCER, dir.resolve("producer.out"), List.of("streaming",
                "--bootstrap-servers", bootstrap, "--topic", topic, "--events-per-sec", Integer.toString(eventsPerSecond),
                "--max-events", "1000000", "--seed", Long.toString(seed), "--summary-json", summary.toString(),
                "--log-dir", "logs"));
        return new StreamingProducer(process, summary, topic, seed);
    }

    JvmProcess process() {
        return process;
    }

    /** Where its output ends now: {@link #sentReportedSince} reads the progress lines printed after it. */
    int outputMark() {
        return process.output().length();
    }

    /** The acknowledged counts of the progress lines (one every 5 s) printed since {@code mark}. */
    List<Long> sentReportedSince(int mark) {
        Matcher m = PROGRESS.matcher(process.output().substring(mark));
        List<Long> sent = new ArrayList<>();
        while (m.find()) {
            sent.add(Long.parseLong(m.group(1).replace(",", "")));
        }
        return sent;
    }

    /**
     * SIGTERM, then: exit 0, no failed event, every event it made acknowledged, and each acknowledged one (the first
     * N customers of its seed) on the topic for a read_committed reader. Returns N.
     */
    long stopAndCheck(TopicIO topics) throws IOException {
        assertThat(process.stop(TestJars.STOP_TIMEOUT)).as(process.tail()).isZero();
        JsonNode figures = Json.parse(Files.readAllBytes(summary));
        assertThat(figures.get("failed").asLong()).as("producer events not acknowledged").isZero();
        long acknowledged = figures.get("sent").asLong();
        assertThat(figures.get("read").asLong()).as("events the producer made").isEqualTo(acknowledged);
        Ledger input = Ledger.ofTopic(topics, topic, true);
        assertThat(missing(input, acknowledged)).as("acknowledged events missing from " + topic).isEmpty();
        return acknowledged;
    }

    /** The customerIDs of the first {@code events} customers of the seed that are not on the topic. */
    private List<String> missing(Ledger input, long events) {
        SyntheticCustomers generator = new SyntheticCustomers(seed);
        List<String> missing = new ArrayList<>();
        for (long i = 0; i < events; i++) {
            String id = generator.next().customerId();
            if (input.count(id) == 0) {
                missing.add(id);
            }
        }
        return missing;
    }

    @Override
    public void close() {
        process.close();
    }
}
