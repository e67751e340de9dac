package io.churnstream.producer.send;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** {@code event_ts} values: ISO-8601 UTC with exactly three fraction digits, formatted once per millisecond. */
public final class EventClock {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private long lastMillis = Long.MIN_VALUE;
    private String last;

    public String now() {
        long millis = System.currentTimeMillis();
        if (millis != lastMillis) {
            lastMillis = millis;
            last = FORMAT.format(Instant.ofEpochMilli(millis));
        }
        return last;
    }

    static String format(Instant t) {
        return FORMAT.format(t);
    }
}
