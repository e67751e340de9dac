package io.churnstream.bench;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Stop-the-world pauses from a {@code -Xlog:gc:file=...:utctime,uptime} log; concurrent phases are not pauses. */
final class GcLog {

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Pattern PAUSE = Pattern.compile("^\\[([^\\]]+)](?:\\[[^\\]]*])* GC\\(\\d+\\) (Pause .*?) ([\\d.]+)ms$");

    private GcLog() {
    }

    /** One pause: when it ended (ms since the epoch), how long it took, and its kind ("Pause Young (Normal) ..."). */
    record Pause(long endMillis, double millis, String kind) {
    }

    static List<Pause> pauses(List<String> lines) {
        List<Pause> pauses = new ArrayList<>();
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line.strip());
            if (m.matches()) {
                long end = OffsetDateTime.parse(m.group(1), UTC_TIME).toInstant().toEpochMilli();
                pauses.add(new Pause(end, Double.parseDouble(m.group(3)), m.group(2)));
            }
        }
        return pauses;
    }

    /** Count, longest and total pause among those that ended in [fromMillis, toMillis]. */
    static Map<String, Object> summary(List<Pause> pauses, long fromMillis, long toMillis) {
        double max = 0;
        double total = 0;
        int count = 0;
        for (Pause p : pauses) {
            if (p.endMillis() >= fromMillis && p.endMillis() <= toMillis) {
                count++;
                max = Math.max(max, p.millis());
                total += p.millis();
            }
        }
        return Figures.obj("pauses", count, "max_pause_ms", Figures.round(max, 2), "total_pause_ms", Figures.round(total, 2));
    }
}
