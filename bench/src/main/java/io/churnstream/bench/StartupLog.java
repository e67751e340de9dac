package io.churnstream.bench;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The consumer's start-up phase by phase, from the JVM's start-up log ({@code -Xlog:startuptime}) and the INFO lines
 * of the consumer's log file, whose timestamps are UTC because the benchmark runs it with {@code -Duser.timezone=UTC}.
 * Each phase ends at a mark; a phase whose mark or previous mark is missing is null.
 */
final class StartupLog {

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Pattern LOG_LINE = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) +\\S+ +\\[[^\\]]*] +\\S+ - (.*)$");
    private static final Pattern VM_CREATED = Pattern.compile("^\\[([\\d.]+)s].*Create VM.*");

    /** The phases of the critical path in order, each with the log message that ends it. */
    private static final List<Map.Entry<String, Predicate<String>>> MARKS = List.of(
            Map.entry("main_and_options", m -> m.startsWith("Kafka settings: ")),
            Map.entry("broker_and_topics", m -> m.startsWith("group ") && (m.contains(" no committed offset on ")
                    || m.contains(" resumes "))),
            Map.entry("model_ready", m -> m.startsWith("model ") && m.contains(" scored by ")),
            Map.entry("kafka_client_init", m -> m.contains(" scoring ") && m.contains(" -> ") && m.contains(" in group ")),
            Map.entry("group_join", m -> m.startsWith("partitions assigned: ")));
    /** The warm-up's own line: it runs beside the critical path, so it is reported as its own duration. */
    private static final Pattern WARM_UP = Pattern.compile("^model .* warmed up with \\d+ evaluations in (\\d+) ms$");

    private StartupLog() {
    }

    /**
     * Milliseconds per phase of the critical path: jvm_start (launch to the JVM created), main_and_options (command
     * line, logging, options; the model starts loading on a thread of its own), broker_and_topics (broker check,
     * topics, the group's committed offsets), model_ready (the models topic read and the model loaded and checked),
     * kafka_client_init (metrics, consumer and producers created), group_join (to the first assignment),
     * first_prediction (to the first prediction readable), and total; then warm_up_beside, the JIT warm-up that runs
     * meanwhile on its own thread.
     */
    static Map<String, Long> phases(long launchMillis, List<String> startupTimeLog, List<String> consumerLog, Long firstPredictionMillis) {
        List<Long> marks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        names.add("jvm_start");
        marks.add(vmCreated(startupTimeLog) == null ? null : launchMillis + vmCreated(startupTimeLog));
        for (Map.Entry<String, Predicate<String>> mark : MARKS) {
            names.add(mark.getKey());
            marks.add(timeOf(consumerLog, mark.getValue()));
        }
        names.add("first_prediction");
        marks.add(firstPredictionMillis);

        Map<String, Long> phases = new LinkedHashMap<>();
        Long previous = launchMillis;
        for (int i = 0; i < marks.size(); i++) {
            Long mark = marks.get(i);
            phases.put(names.get(i), mark == null || previous == null ? null : mark - previous);
            previous = mark;
        }
        phases.put("total", firstPredictionMillis == null ? null : firstPredictionMillis - launchMillis);
        phases.put("warm_up_beside", warmUpMillis(consumerLog));
        return phases;
    }

    /** The milliseconds the warm-up line reports, or null. */
    static Long warmUpMillis(List<String> log) {
        for (String line : log) {
            Matcher m = LOG_LINE.matcher(line);
            Matcher w = m.matches() ? WARM_UP.matcher(m.group(2)) : null;
            if (w != null && w.matches()) {
                return Long.parseLong(w.group(1));
            }
        }
        return null;
    }

    /** Ms from the JVM's start to the end of "Create VM", or null. */
    static Long vmCreated(List<String> startupTimeLog) {
        for (String line : startupTimeLog) {
            Matcher m = VM_CREATED.matcher(line);
            if (m.matches()) {
                return Math.round(Double.parseDouble(m.group(1)) * 1000);
            }
        }
        return null;
    }

    /** When the consumer logged the first line whose message passes {@code message}, ms since the epoch; or null. */
    static Long timeOf(List<String> log, Predicate<String> message) {
        for (String line : log) {
            Matcher m = LOG_LINE.matcher(line);
            if (m.matches() && message.test(m.group(2))) {
                try {
                    return LocalDateTime.parse(m.group(1), LOG_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
