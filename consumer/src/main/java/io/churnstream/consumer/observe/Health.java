package io.churnstream.consumer.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /health}: healthy when the broker answers, a model is loaded and the loop polled recently.
 * The loop reports each poll through {@link #polled()}; everything else is read on demand by the HTTP thread.
 */
public final class Health {

    static final long MAX_POLL_AGE_MILLIS = 60_000;

    private final BooleanSupplier brokerCheck;
    private final Supplier<Map<String, Object>> modelCheck;
    private volatile long lastPollMillis = System.currentTimeMillis();

    /**
     * {@code brokerCheck} gives the latest known reachability of the cluster (see {@link BrokerWatch});
     * {@code modelCheck} the model check: its {@code "status"} and details (which model, from where, the last refusal).
     */
    public Health(BooleanSupplier brokerCheck, Supplier<Map<String, Object>> modelCheck) {
        this.brokerCheck = brokerCheck;
        this.modelCheck = modelCheck;
    }

    public void polled() {
        lastPollMillis = System.currentTimeMillis();
    }

    /** The checks as a JSON-ready map, with {@code "status"} UP or DOWN. */
    public Map<String, Object> check() {
        long now = System.currentTimeMillis();
        boolean brokerReachable = brokerCheck.getAsBoolean();
        long pollAge = now - lastPollMillis;
        boolean pollRecent = pollAge <= MAX_POLL_AGE_MILLIS;
        Map<String, Object> model = modelCheck.get();
        boolean up = brokerReachable && isUp(model) && pollRecent;

        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("broker", Map.of("status", status(brokerReachable)));
        checks.put("model", model);
        checks.put("last_poll", Map.of("status", status(pollRecent), "age_ms", pollAge,
                "max_age_ms", MAX_POLL_AGE_MILLIS));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status(up));
        body.put("checks", checks);
        return body;
    }

    static boolean isUp(Map<String, Object> check) {
        return "UP".equals(check.get("status"));
    }

    private static String status(boolean ok) {
        return ok ? "UP" : "DOWN";
    }
}
