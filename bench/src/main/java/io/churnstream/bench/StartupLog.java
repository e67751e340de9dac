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

    /** The phases in order, each with the log message that ends it. */
    private static final List<Map.Entry<String, Predicate<String>>> MARKS = List.of(
            Map.entry("model_load_and_check", m -> m.startsWith("model ") && m.contains(" scored by ")),
            Map.entry("warm_up", m -> m.startsWith("model ") && m.contains(" warmed up with ")),
            Map.entry("kafka_client_init", m -> m.contains(" scoring ") && m.contains(" -> ") && m.contains(" in group ")),
            Map.entry("group_join", m -> m.startsWith("partitions assigned: ")));

    private StartupLog() {
    }

    /**
     * Milliseconds per phase: jvm_start (launch to the JVM created), model_load_and_check (main, options, model load and
     * its agreement check), warm_up, kafka_client_init (broker check, topics, clients), group_join (to the first
     * assignment), first_prediction (to the first prediction readable), and total.
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
        return phases;
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
