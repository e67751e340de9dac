package io.churnstream.common.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every tool, and what each means: the one source of the "Exit codes" section of {@code --help}. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int RUNTIME_FAILURE = 1;
    public static final int USAGE = 2;
    public static final int BROKER_UNREACHABLE = 3;
    public static final int ACCESS_DENIED = 4;
    public static final int INTERRUPTED = 130;

    private static final Map<Integer, String> MEANINGS = meanings();

    private ExitCodes() {
    }

    /** The "Exit codes" section of {@code --help}; {@code reachesKafka} false leaves out the codes only Kafka causes. */
    static Map<String, String> help(boolean reachesKafka) {
        Map<String, String> help = new LinkedHashMap<>();
        MEANINGS.forEach((code, meaning) -> {
            if (reachesKafka || code != BROKER_UNREACHABLE && code != ACCESS_DENIED) {
                help.put(String.valueOf(code), meaning);
            }
        });
        return help;
    }

    private static Map<Integer, String> meanings() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(OK, "success (also a clean stop on SIGINT/SIGTERM)");
        m.put(RUNTIME_FAILURE, "runtime failure (e.g. the broker rejected a write after all retries)");
        m.put(USAGE, "bad usage or bad input (flag, file, checkpoint, model)");
        m.put(BROKER_UNREACHABLE, "Kafka broker unreachable at start-up (see --connect-timeout)");
        m.put(ACCESS_DENIED, "Kafka refused this client: credentials, TLS or a missing ACL (retrying will not help)");
        m.put(INTERRUPTED, "interrupted before a clean stop");
        return m;
    }
}
