package io.churnstream.consumer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class BrokerWatchTest {

    @Test
    void should_follow_the_latest_answer_of_the_cluster() {
        AtomicBoolean up = new AtomicBoolean(true);
        try (BrokerWatch watch = BrokerWatch.start(up::get, "localhost:1", 3_600_000)) {
            assertThat(watch.reachable()).isTrue();

            up.set(false);
            watch.probe();
            assertThat(watch.reachable()).isFalse();

            up.set(true);
            watch.probe();
            assertThat(watch.reachable()).isTrue();
        }
    }
}
