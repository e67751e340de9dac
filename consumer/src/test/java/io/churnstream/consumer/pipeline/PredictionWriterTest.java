package io.churnstream.consumer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import io.churnstream.common.json.Json;
import io.churnstream.common.record.EventTime;
import io.churnstream.common.record.Prediction;
import org.junit.jupiter.api.Test;

class PredictionWriterTest {

    private static final List<String> ODD_TEXTS = List.of("", "a\"b", "back\\slash", "tab\there", "line\nfeed",
            "\u0000", "\u001f", "\u007f", "caf\u00e9", "\u20ac", "\ud83d\ude00", "/slash/", "v1 (2026-11-30)");
    private static final double[] ODD_NUMBERS = {0.0, -0.0, 1.0, 0.5, 1e-300, Double.MIN_VALUE, 1e-7, 0.001,
            9.999999999999999e-4, 1e7, 1.0e21, 123456.789, Double.MAX_VALUE, 0.1 + 0.2};

    private final PredictionWriter writer = new PredictionWriter();

    @Test
    void should_write_the_same_bytes_as_the_mapper_for_generated_and_perturbed_predictions() {
        Random rnd = new Random(11);
        for (int i = 0; i < 50_000; i++) {
            Prediction p = new Prediction(text(rnd, String.format("%04d-%s", rnd.nextInt(10_000), "ABCDE")),
                    number(rnd), text(rnd, rnd.nextBoolean() ? "Yes" : "No"),
                    rnd.nextInt(10) == 0 ? null : text(rnd, EventTime.format(Instant.ofEpochMilli(rnd.nextLong() >>> 23))),
                    text(rnd, EventTime.format(Instant.ofEpochMilli(rnd.nextLong() >>> 23))), number(rnd),
                    rnd.nextInt(10) == 0 ? null : text(rnd, "churn-gbm@" + Long.toHexString(rnd.nextLong())));

            assertThat(new String(writer.write(p), StandardCharsets.UTF_8)).as(p.toString())
                    .isEqualTo(new String(Json.write(p), StandardCharsets.UTF_8));
        }
    }

    @Test
    void should_write_every_latency_of_whole_nanoseconds_under_the_fast_limit_as_double_to_string_does() {
        for (long nanos = 0; nanos < PredictionWriter.FAST_NANOS; nanos++) {
            double millis = nanos / 1_000_000.0;
            String expected = Double.toString(millis);
            String written = PredictionWriter.millisText(millis);
            if (!written.equals(expected)) {
                assertThat(written).as("%d ns", nanos).isEqualTo(expected);
            }
        }
    }

    @Test
    void should_leave_other_latencies_to_double_to_string() {
        for (double millis : new double[]{-0.0, -0.001, 0.0012345678, 10.0, 12.5, 1e-7, Double.NaN,
                Double.POSITIVE_INFINITY, Math.nextUp(0.002), Math.nextDown(0.002)}) {
            assertThat(PredictionWriter.millisText(millis)).as("%s", millis).isEqualTo(Double.toString(millis));
        }
    }

    @Test
    void should_stamp_the_time_as_event_times_are_written_to_the_millisecond() {
        long before = System.currentTimeMillis();
        String stamped = writer.processedTs();
        long after = System.currentTimeMillis();

        long millis = EventTime.plainUtcMillis(stamped);
        assertThat(millis).isBetween(before, after);
        assertThat(stamped).isEqualTo(EventTime.format(Instant.ofEpochMilli(millis)));
    }

    /** The value, or now and then one of the texts JSON escapes or writes as UTF-8. */
    private static String text(Random rnd, String value) {
        return rnd.nextInt(8) == 0 ? ODD_TEXTS.get(rnd.nextInt(ODD_TEXTS.size())) + value : value;
    }

    private static double number(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> ODD_NUMBERS[rnd.nextInt(ODD_NUMBERS.length)];
            case 1 -> Math.scalb(rnd.nextDouble(), -rnd.nextInt(40));
            default -> rnd.nextDouble();
        };
    }
}
