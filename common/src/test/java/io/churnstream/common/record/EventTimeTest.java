package io.churnstream.common.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class EventTimeTest {

    @Test
    void should_read_what_instant_writes_to_the_same_millisecond() {
        SplittableRandom random = new SplittableRandom(3);
        long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(from, to + 1), nanos(random));
            String text = instant.toString();

            assertThat(EventTime.plainUtcMillis(text)).as(text).isEqualTo(instant.toEpochMilli());
            assertThat(EventTime.epochMillis(text)).as(text).isEqualTo(instant.toEpochMilli());
        }
    }

    @Test
    void should_write_every_time_to_the_millisecond_with_three_fraction_digits() {
        assertThat(EventTime.format(Instant.parse("2026-11-25T10:00:00Z"))).isEqualTo("2026-11-25T10:00:00.000Z");
        assertThat(EventTime.format(Instant.parse("2026-11-25T10:00:00.1Z"))).isEqualTo("2026-11-25T10:00:00.100Z");
        assertThat(EventTime.format(Instant.parse("2026-11-25T10:00:00.123999999Z"))).isEqualTo("2026-11-25T10:00:00.123Z");
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 32_503_680_000L), nanos(random));
            String text = EventTime.format(instant);

            assertThat(text).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(EventTime.epochMillis(text)).isEqualTo(instant.toEpochMilli());
        }
    }

    @Test
    void should_read_one_to_nine_fraction_digits() {
        long second = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
        assertThat(EventTime.plainUtcMillis("2026-11-25T10:00:00.5Z")).isEqualTo(second + 500);
        assertThat(EventTime.plainUtcMillis("2026-11-25T10:00:00.07Z")).isEqualTo(second + 70);
        assertThat(EventTime.plainUtcMillis("2026-11-25T10:00:00.0019Z")).isEqualTo(second + 1);
        assertThat(EventTime.plainUtcMillis("2026-11-25T10:00:00.999999999Z")).isEqualTo(second + 999);
    }

    @Test
    void should_leave_other_forms_to_the_full_parser() {
        for (String other : new String[]{"2026-11-25T10:00:00+01:00", "2026-11-25t10:00:00z", "2026-11-25T10:00:60Z",
                "2023-02-29T10:00:00Z", "2026-11-25T10:00:00.Z", "2026-11-25T10:00:00.1234567890Z", "1899-12-31T23:59:59Z",
                "2026-11-25T10:0a:00Z", "2026-11-25T24:00:00Z", "2026-11-25 10:00:00Z", "2026-11-25T10:00:00.12a4Z", ""}) {
            assertThat(EventTime.plainUtcMillis(other)).as(other).isEqualTo(EventTime.NOT_PLAIN);
        }
        assertThat(EventTime.plainUtcMillis("2024-02-29T10:00:00Z")).isNotEqualTo(EventTime.NOT_PLAIN);
    }

    @Test
    void should_fall_back_to_instant_parse_and_say_minus_one_for_no_time() {
        assertThat(EventTime.epochMillis("1850-06-01T00:00:00Z")).isEqualTo(Instant.parse("1850-06-01T00:00:00Z").toEpochMilli());
        assertThat(EventTime.epochMillis(null)).isEqualTo(-1);
        assertThat(EventTime.epochMillis("yesterday")).isEqualTo(-1);
    }

    private static int nanos(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
    }
}
