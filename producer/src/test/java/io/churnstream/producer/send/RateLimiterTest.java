package io.churnstream.producer.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void should_space_events_evenly_from_the_start() {
        RateLimiter limiter = new RateLimiter(4, now::get);
        assertThat(limiter.nanosUntilNext()).isZero();
        limiter.issued();
        assertThat(limiter.nanosUntilNext()).isEqualTo(250_000_000L);
        now.addAndGet(100_000_000L);
        assertThat(limiter.nanosUntilNext()).isEqualTo(150_000_000L);
    }

    @Test
    void should_support_fractional_rates() {
        RateLimiter limiter = new RateLimiter(0.5, now::get);
        limiter.issued();
        assertThat(limiter.nanosUntilNext()).isEqualTo(2_000_000_000L - 0);
    }

    @Test
    void should_catch_up_when_late_without_drifting() {
        RateLimiter limiter = new RateLimiter(10_000, now::get);
        now.addAndGet(500_000L);
        int burst = 0;
        while (limiter.nanosUntilNext() <= 0) {
            limiter.issued();
            burst++;
        }
        assertThat(burst).isEqualTo(6);
        now.addAndGet(999_500_000L);
        long sent = burst;
        while (limiter.nanosUntilNext() <= 0) {
            limiter.issued();
            sent++;
        }
        assertThat(sent).isEqualTo(10_001);
    }

    @Test
    void should_not_accumulate_rounding_over_many_events() {
        RateLimiter limiter = new RateLimiter(3, now::get);
        assertThat(limiter.dueAt(3_000_000) - limiter.dueAt(0)).isEqualTo(1_000_000L * 1_000_000_000L);
        assertThat(limiter.dueAt(1)).isEqualTo(limiter.dueAt(0) + 333_333_333L);
    }

    @Test
    void should_restart_the_schedule_after_a_long_stall_instead_of_bursting() {
        RateLimiter limiter = new RateLimiter(100, now::get);
        limiter.issued();
        now.addAndGet(5_000_000_000L);
        assertThat(limiter.nanosUntilNext()).isZero();
        limiter.issued();
        assertThat(limiter.nanosUntilNext()).isEqualTo(10_000_000L);
    }

    @Test
    void should_refuse_non_positive_rates() {
        assertThatThrownBy(() -> new RateLimiter(0, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(Double.NaN, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
