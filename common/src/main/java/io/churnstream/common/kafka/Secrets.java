package io.churnstream.common.kafka;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What counts as a secret in Kafka settings and on a command line, and the masking of every secret this process has
 * been given, applied where text leaves it (log lines, error lines, stack traces). A secret is recognised by its key
 * ({@code password}, {@code jaas.config}, {@code secret}, {@code credentials}, a {@code .key} suffix) or by its value
 * (a JAAS line, a {@code password=} inside it), so an unusually named key holding a JAAS line is caught too.
 */
public final class Secrets {

    public static final String MASK = "********";

    /** Shorter values are not remembered: masking them would garble ordinary words. Keys still mask them. */
    static final int MIN_REMEMBERED_LENGTH = 6;

    private static final Pattern PASSWORD_IN_TEXT = Pattern.compile(
            "password\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s;\"']+))", Pattern.CASE_INSENSITIVE);
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static volatile List<String> longestFirst = List.of();

    private Secrets() {
    }

    /** Whether the setting {@code key=value} holds a secret that must never be shown. */
    public static boolean isSecret(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas.config") || k.contains("secret") || k.endsWith(".key")
                || k.contains("credentials") || (value != null && looksSecret(value));
    }

    private static boolean looksSecret(String value) {
        return value.contains("LoginModule") || PASSWORD_IN_TEXT.matcher(value).find();
    }

    /** Remembers the value of a secret setting, and any password inside it, so that {@link #mask} hides them. */
    public static void remember(String key, String value) {
        if (value != null && isSecret(key, value)) {
            add(value.trim());
            passwordsIn(value);
        }
    }

    /**
     * Remembers the secrets a command line carries before any setting is built from it (a parse error may quote an
     * argument): {@code KEY=VALUE} arguments with a secret key or value, and passwords written into any argument.
     */
    public static void rememberArguments(String[] args) {
        if (args == null) {
            return;
        }
        for (String arg : args) {
            String setting = arg.startsWith("-X") ? arg.substring(2) : arg;
            int eq = setting.indexOf('=');
            if (eq > 0) {
                remember(setting.substring(0, eq), setting.substring(eq + 1));
            }
            passwordsIn(arg);
        }
    }

    /** {@code text} with every remembered secret replaced by {@value #MASK}. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : longestFirst) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    private static void passwordsIn(String text) {
        Matcher m = PASSWORD_IN_TEXT.matcher(text);
        while (m.find()) {
            for (int group = 1; group <= 3; group++) {
                if (m.group(group) != null) {
                    add(m.group(group));
                }
            }
        }
    }

    private static void add(String secret) {
        if (secret.length() >= MIN_REMEMBERED_LENGTH && KNOWN.add(secret)) {
            synchronized (KNOWN) {
                longestFirst = KNOWN.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
            }
        }
    }
}
