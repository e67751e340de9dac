package io.churnstream.producer.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void should_show_bar_rate_and_eta() {
        assertThat(Progress.line(1000, 5, 10, 0.25, true))
                .isEqualTo("[########                      ]  25% 1,000 sent, 5 rejected, 100/s, ETA 0:30");
    }

    @Test
    void should_omit_bar_and_eta_when_total_unknown() {
        assertThat(Progress.line(50, 0, 5, -1, false)).isEqualTo("50 sent, 0 rejected, 10/s");
    }
}
