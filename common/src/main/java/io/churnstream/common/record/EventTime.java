package io.churnstream.common.record;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * Reads and writes the messages' timestamps. The form {@link Instant#toString()} writes
 * ({@code YYYY-MM-DDThh:mm:ss[.fraction]Z}) is read and written without a {@code DateTimeFormatter}, which costs more
 * than scoring the record; anything else goes through {@link Instant#parse}.
 */
public final class EventTime {

    /** What {@link #plainUtcMillis} returns for a string not in the plain form. */
    public static final long NOT_PLAIN = Long.MIN_VALUE;

    private static final long FIRST_FAST_DAY = LocalDate.of(1000, 1, 1).toEpochDay();
    private static final long LAST_FAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

    private EventTime() {
    }

    /** Epoch milliseconds of an RFC 3339 timestamp, or -1 when it is null or not one. */
    public static long epochMillis(String timestamp) {
        if (timestamp == null) {
            return -1;
        }
        long millis = plainUtcMillis(timestamp);
        if (millis != NOT_PLAIN) {
            return millis;
        }
        try {
            return Instant.parse(timestamp).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return -1;
        }
    }

    /**
     * Epoch milliseconds of {@code YYYY-MM-DDThh:mm:ss[.f]Z} (a real date of 1900-2999, one to nine fraction digits,
     * no leap second), or {@link #NOT_PLAIN} for any other string.
     */
    public static long plainUtcMillis(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || n == 21 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':' || (n > 20 && s.charAt(19) != '.')) {
            return NOT_PLAIN;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1
                || day > Month.of(month).length(Year.isLeap(year))) {
            return NOT_PLAIN;
        }
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int fraction = n == 20 ? 0 : digits(s, 20, Math.min(3, n - 21));
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0
                || (n > 24 && digits(s, 23, n - 24) < 0)) {
            return NOT_PLAIN;
        }
        for (int i = n - 21; i < 3; i++) {
            fraction *= 10;
        }
        long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        return seconds * 1000 + fraction;
    }

    /** The same text as {@link Instant#toString()}, several times faster for years 1000-9999. */
    public static String format(Instant instant) {
        long second = instant.getEpochSecond();
        long day = Math.floorDiv(second, 86_400L);
        int secondOfDay = (int) Math.floorMod(second, 86_400L);
        if (day < FIRST_FAST_DAY || day > LAST_FAST_DAY) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(day);
        int nanos = instant.getNano();
        char[] out = new char[nanos == 0 ? 20 : nanos % 1_000_000 == 0 ? 24 : nanos % 1000 == 0 ? 27 : 30];
        put(out, 0, date.getYear(), 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        if (out.length > 20) {
            out[19] = '.';
            int digits = out.length - 21;
            put(out, 20, nanos / POWERS_OF_TEN[9 - digits], digits);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The number written by {@code count} ASCII digits at {@code from}, or -1 if one of them is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
