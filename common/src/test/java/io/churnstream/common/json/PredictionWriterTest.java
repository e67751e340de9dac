package io.churnstream.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;

import io.churnstream.common.record.Prediction;
import org.junit.jupiter.api.Test;

class PredictionWriterTest {

    @Test
    void should_write_the_same_bytes_as_the_mapper() {
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 20_000; i++) {
            double probability = switch (i % 4) {
                case 0 -> random.nextDouble();
                case 1 -> Math.scalb(random.nextDouble(), -random.nextInt(60));
                case 2 -> 1.0 - Math.scalb(random.nextDouble(), -random.nextInt(50));
                default -> random.nextInt(2);
            };
            Prediction p = new Prediction(String.format("%04d-ABCDE", i % 10_000), probability, probability >= 0.5 ? "Yes" : "No",
                    i % 7 == 0 ? null : Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L)).toString(),
                    Instant.now().toString(), random.nextDouble() * 3, "model \"v\\1\" \u00e9");

            assertThat(PredictionWriter.write(p)).isEqualTo(Json.write(p));
        }
    }
}
