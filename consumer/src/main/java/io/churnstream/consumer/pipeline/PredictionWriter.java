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
    /** Latencies below this many nanoseconds (10 ms) are written by {@link #millisText}, checked against all of them. */
    static final long FAST_NANOS = 10_000_000;

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
        String latency = millisText(p.inferenceLatencyMs());
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

    /**
     * {@code Double.toString(millis)}, which on this JDK takes a slow path for the small fractions a scoring time is:
     * a whole number of nanoseconds under {@link #FAST_NANOS} is written from its digits instead.
     */
    static String millisText(double millis) {
        long nanos = Math.round(millis * 1_000_000);
        if (nanos < 0 || nanos >= FAST_NANOS
                || Double.doubleToRawLongBits(nanos / 1_000_000.0) != Double.doubleToRawLongBits(millis)) {
            return Double.toString(millis);
        }
        if (nanos == 0) {
            return "0.0";
        }
        if (nanos < 1_000) {
            String all = Long.toString(nanos);
            String digits = withoutTrailingZeros(all);
            int exponent = all.length() - 7;
            return digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0") + "E" + exponent;
        }
        String fraction = withoutTrailingZeros(Long.toString(1_000_000 + nanos % 1_000_000).substring(1));
        return nanos / 1_000_000 + "." + (fraction.isEmpty() ? "0" : fraction);
    }

    private static String withoutTrailingZeros(String digits) {
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
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
