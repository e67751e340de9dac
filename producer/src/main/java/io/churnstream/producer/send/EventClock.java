package io.churnstream.producer.send;

import java.time.Instant;

import io.churnstream.common.record.EventTime;

/** Event times to the millisecond, formatted once per millisecond however many rows are sent in it. */
public final class EventClock {

    private long lastMillis = Long.MIN_VALUE;
    private String last;

    public String now() {
        long millis = System.currentTimeMillis();
        if (millis != lastMillis) {
            lastMillis = millis;
            last = EventTime.format(Instant.ofEpochMilli(millis));
        }
        return last;
    }
}
