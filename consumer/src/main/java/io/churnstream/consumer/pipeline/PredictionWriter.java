package io.churnstream.consumer.pipeline;

import java.time.Instant;
import java.util.Arrays;

import io.churnstream.common.json.Json;
import io.churnstream.common.record.EventTime;
import io.churnstream.common.record.Prediction;

/**
 * Writes a {@link Prediction} as the same bytes as {@code Json.write(prediction)}, straight into one array of the exact
 * size, and stamps {@code processed_ts} from a time formatted once per millisecond. A text that JSON would escape (a
 * quote, a backslash, anything outside printable ASCII) sends the whole prediction through {@link Json#write}.
 * Thread-safe.
 */
final class PredictionWriter {

    private static final String[] KEYS = {"{\"customerID\":", ",\"churn_probability\":", ",\"prediction\":",
            ",\"event_ts\":", ",\"processed_ts\":", ",\"inference_latency_ms\":", ",\"model_version\":"};
    private static final int KEYS_LENGTH = 1 + Arrays.stream(KEYS).mapToInt(String::length).sum();

    /** A millisecond and its text; replaced as a whole, so a reader never sees one without the other. */
    private record Stamp(long millis, String text) {
    }

    private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, null);

    /** The current time as {@link EventTime#format} writes it. */
    String processedTs() {
        long now = System.currentTimeMillis();
        Stamp last = stamp;
        if (last.millis == now) {
            return last.text;
        }
        String text = EventTime.format(Instant.ofEpochMilli(now));
        stamp = new Stamp(now, text);
        return text;
    }

    byte[] write(Prediction p) {
        String probability = Double.toString(p.churnProbability());
        String latency = Double.toString(p.inferenceLatencyMs());
        String[] texts = {p.customerId(), p.prediction(), p.eventTs(), p.processedTs(), p.modelVersion()};
        int length = KEYS_LENGTH + probability.length() + latency.length();
        for (String text : texts) {
            if (text == null) {
                length += 4;
            } else if (plain(text)) {
                length += text.length() + 2;
            } else {
                return Json.write(p);
            }
        }
        byte[] out = new byte[length];
        int at = ascii(KEYS[0], out, 0);
        at = text(p.customerId(), out, at);
        at = ascii(KEYS[1], out, at);
        at = ascii(probability, out, at);
        at = ascii(KEYS[2], out, at);
        at = text(p.prediction(), out, at);
        at = ascii(KEYS[3], out, at);
        at = text(p.eventTs(), out, at);
        at = ascii(KEYS[4], out, at);
        at = text(p.processedTs(), out, at);
        at = ascii(KEYS[5], out, at);
        at = ascii(latency, out, at);
        at = ascii(KEYS[6], out, at);
        at = text(p.modelVersion(), out, at);
        out[at] = '}';
        return out;
    }

    /** Printable ASCII other than the two characters JSON escapes there. */
    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static int text(String text, byte[] out, int at) {
        if (text == null) {
            return ascii("null", out, at);
        }
        out[at++] = '"';
        at = ascii(text, out, at);
        out[at++] = '"';
        return at;
    }

    private static int ascii(String text, byte[] out, int at) {
        for (int i = 0; i < text.length(); i++) {
            out[at++] = (byte) text.charAt(i);
        }
        return at;
    }
}
