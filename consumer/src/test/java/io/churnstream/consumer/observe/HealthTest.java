package io.churnstream.consumer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class HealthTest {

    private static final Map<String, Object> MODEL = Map.of("status", "UP", "version", "m-1");

    @Test
    void should_be_up_when_the_broker_answers_and_the_loop_polls() {
        Health health = new Health(() -> true, () -> MODEL);
        health.polled();

        Map<String, Object> body = health.check();

        assertThat(Health.isUp(body)).isTrue();
        assertThat(body.toString()).contains("version=m-1");
    }

    @Test
    void should_be_down_and_say_why_when_the_broker_does_not_answer() {
        AtomicBoolean reachable = new AtomicBoolean(false);

        Map<String, Object> body = new Health(reachable::get, () -> MODEL).check();

        assertThat(Health.isUp(body)).isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> checks = (Map<String, Map<String, Object>>) body.get("checks");
        assertThat(checks.get("broker").get("status")).isEqualTo("DOWN");
        assertThat(checks.get("model").get("status")).isEqualTo("UP");
    }

    @Test
    void should_be_down_when_the_model_check_is() {
        Health health = new Health(() -> true, () -> Map.of("status", "DOWN"));
        health.polled();

        assertThat(Health.isUp(health.check())).isFalse();
    }
}
