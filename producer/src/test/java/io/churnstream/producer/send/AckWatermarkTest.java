package io.churnstream.producer.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class AckWatermarkTest {

    @Test
    void should_advance_only_over_contiguous_acknowledgements() {
        AckWatermark acks = new AckWatermark(10);
        acks.complete(11);
        acks.complete(12);
        assertThat(acks.watermark()).isEqualTo(10);
        acks.complete(10);
        assertThat(acks.watermark()).isEqualTo(13);
    }

    @Test
    void should_reach_the_end_whatever_the_completion_order() {
        List<Long> rows = new ArrayList<>();
        for (long i = 0; i < 5_000; i++) {
            rows.add(i);
        }
        Collections.shuffle(rows, new Random(3));
        AckWatermark acks = new AckWatermark(0);
        long last = 0;
        for (long r : rows) {
            acks.complete(r);
            assertThat(acks.watermark()).isGreaterThanOrEqualTo(last);
            last = acks.watermark();
        }
        assertThat(acks.watermark()).isEqualTo(5_000);
    }

    @Test
    void should_keep_counting_across_many_windows_of_out_of_order_acknowledgements() {
        AckWatermark acks = new AckWatermark(7);
        Random random = new Random(5);
        for (long start = 7; start < 200_007; start += 3_000) {
            List<Long> window = new ArrayList<>();
            for (long r = start; r < start + 3_000; r++) {
                window.add(r);
            }
            Collections.shuffle(window, random);
            for (long r : window.subList(0, 2_999)) {
                acks.complete(r);
            }
            long missing = window.get(2_999);
            assertThat(acks.watermark()).isEqualTo(missing);
            acks.complete(missing);
            assertThat(acks.watermark()).isEqualTo(start + 3_000);
        }
    }

    @Test
    void should_stay_before_a_failed_row_and_wake_waiters() throws Exception {
        AckWatermark acks = new AckWatermark(0);
        acks.complete(0);
        acks.fail(1, new IllegalStateException("rejected"));
        acks.complete(2);
        assertThat(acks.awaitAtLeast(3, 10_000)).isEqualTo(1);
        assertThat(acks.failedRow()).isEqualTo(1);
        assertThat(acks.failure()).hasMessage("rejected");
    }

    @Test
    void should_ignore_rows_before_the_start_and_time_out_waiting() throws Exception {
        AckWatermark acks = new AckWatermark(100);
        acks.complete(5);
        assertThat(acks.awaitAtLeast(101, 20)).isEqualTo(100);
    }
}
