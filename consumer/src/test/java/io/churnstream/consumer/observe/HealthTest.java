package io.churnstream.consumer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void should_be_up_when_the_broker_answers_and_the_loop_polls() {
        Health health = new Health(() -> true, "m-1");
        health.polled();

        Map<String, Object> body = health.check();

        assertThat(Health.isUp(body)).isTrue();
        assertThat(body.toString()).contains("version=m-1");
    }

    @Test
    void should_be_down_and_say_why_when_the_broker_does_not_answer() {
        AtomicBoolean reachable = new AtomicBoolean(false);

        Map<String, Object> body = new Health(reachable::get, "m-1").check();

        assertThat(Health.isUp(body)).isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> checks = (Map<String, Map<String, Object>>) body.get("checks");
        assertThat(checks.get("broker").get("status")).isEqualTo("DOWN");
        assertThat(checks.get("model").get("status")).isEqualTo("UP");
    }
}
