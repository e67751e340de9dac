package io.churnstream.consumer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.ErrorType;
import io.churnstream.common.synthetic.SyntheticCustomers;
import io.churnstream.consumer.pipeline.Outcome;
import io.churnstream.model.ChurnModel;
import io.churnstream.model.DriftWindow;
import io.churnstream.model.RefusalReason;
import io.churnstream.model.Score;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerMetricsTest {

    private static final ProducerRecord<byte[], byte[]> OUTPUT = new ProducerRecord<>("out", new byte[0]);

    private static ChurnModel model;

    @BeforeAll
    static void loadModel() {
        model = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD);
    }

    @Test
    void should_count_predictions_by_label_and_model_version() {
        try (ConsumerMetrics metrics = ConsumerMetrics.prometheus()) {
            metrics.modelInUse("m-2");
            CustomerRecord customer = new SyntheticCustomers(1).next();
            metrics.record(List.of(scored(customer, "m-1", 0.9, true), scored(customer, "m-1", 0.2, false),
                    scored(customer, "m-2", 0.8, true)), 0);
            metrics.record(List.of(scored(customer, "m-2", 0.7, true),
                    new Outcome.DeadLettered(OUTPUT, ErrorType.PARSE_ERROR)), 0);

            String text = metrics.scrape();
            assertThat(value(text, "churn_predictions_total{model_version=\"m-1\",prediction=\"Yes\"}")).isEqualTo(1);
            assertThat(value(text, "churn_predictions_total{model_version=\"m-1\",prediction=\"No\"}")).isEqualTo(1);
            assertThat(value(text, "churn_predictions_total{model_version=\"m-2\",prediction=\"Yes\"}")).isEqualTo(2);
            assertThat(value(text, "churn_records_consumed_total")).isEqualTo(5);
            assertThat(value(text, "churn_model_info{version=\"m-2\"}")).isEqualTo(1);
        }
    }

    @Test
    void should_show_only_the_model_in_use() {
        try (ConsumerMetrics metrics = ConsumerMetrics.prometheus()) {
            metrics.modelInUse("m-1");
            metrics.modelInUse("m-2");

            assertThat(metrics.scrape().lines().filter(l -> l.startsWith("churn_model_info{")))
                    .containsExactly("churn_model_info{version=\"m-2\"} 1");
        }
    }

    @Test
    void should_count_refused_model_versions_by_reason_every_reason_from_zero_for_as_long_as_the_metrics_live() {
        Map<RefusalReason, Long> refused = new EnumMap<>(RefusalReason.class);
        refused.put(RefusalReason.CONTRACT_MISMATCH, 2L);
        try (ConsumerMetrics metrics = ConsumerMetrics.prometheus()) {
            metrics.modelInUse("m-1");
            metrics.countRefusals(reason -> refused.getOrDefault(reason, 0L));
            System.gc();

            String text = metrics.scrape();

            for (RefusalReason reason : RefusalReason.values()) {
                assertThat(value(text, "churn_model_refused_total{reason=\"" + reason.wireName() + "\"}"))
                        .as(reason.wireName()).isEqualTo(reason == RefusalReason.CONTRACT_MISMATCH ? 2 : 0);
            }
        }
    }

    @Test
    void should_export_no_drift_until_a_window_is_watched() {
        try (ConsumerMetrics metrics = ConsumerMetrics.prometheus()) {
            metrics.modelInUse("m-1");
            assertThat(metrics.scrape()).doesNotContain("drift");
        }
    }

    @Test
    void should_feed_scored_records_to_the_drift_window_and_export_its_psi() throws Exception {
        DriftWindow window = new DriftWindow(model.referenceProfile().orElseThrow(), 1_000);
        try (ConsumerMetrics metrics = ConsumerMetrics.prometheus()) {
            metrics.modelInUse("m-1");
            metrics.watchDrift(window);
            assertThat(value(metrics.scrape(), "churn_drift_window_records")).isZero();

            SyntheticCustomers shifted = new SyntheticCustomers(7, SyntheticCustomers.Profile.SHIFTED);
            for (int i = 0; i < 1_500; i++) {
                metrics.record(List.of(scoredByModel(shifted.next())), 0);
                metrics.record(List.of(new Outcome.DeadLettered(OUTPUT, ErrorType.VALIDATION_ERROR)), 0);
            }

            String text = metrics.scrape();
            assertThat(value(text, "churn_drift_window_records")).as("only scored records, at most the window").isEqualTo(1_000);
            assertThat(window.features()).contains("tenure", "Contract", "MonthlyCharges");
            for (String feature : window.features()) {
                assertThat(value(text, "churn_feature_drift_psi{feature=\"" + feature + "\"}"))
                        .isEqualTo(window.featurePsi(feature), org.assertj.core.data.Offset.offset(1e-9));
            }
            assertThat(value(text, "churn_feature_drift_psi{feature=\"tenure\"}")).as("shifted tenure").isGreaterThan(0.2);
            assertThat(value(text, "churn_score_drift_psi")).isEqualTo(window.scorePsi(), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void should_keep_one_series_per_profiled_input_across_model_swaps_and_drop_an_input_the_new_card_lacks(
            @TempDir Path dir) throws Exception {
        ChurnModel withoutTenure = modelWhoseCardDrops("tenure", dir);
        DriftWindow first = new DriftWindow(model.referenceProfile().orElseThrow(), 1_000);
        DriftWindow sameCard = new DriftWindow(model.referenceProfile().orElseThrow(), 1_000);
        DriftWindow narrower = new DriftWindow(withoutTenure.referenceProfile().orElseThrow(), 1_000);
        try (ConsumerMetrics metrics = ConsumerMetrics.prometheus()) {
            metrics.modelInUse("m-1");
            metrics.watchDrift(first);
            metrics.watchDrift(sameCard);
            SyntheticCustomers shifted = new SyntheticCustomers(3, SyntheticCustomers.Profile.SHIFTED);
            for (int i = 0; i < 1_200; i++) {
                metrics.record(List.of(scoredByModel(shifted.next())), 0);
            }
            String text = metrics.scrape();
            assertThat(series(text, "churn_feature_drift_psi{")).as("one series per input").isEqualTo(first.features().size());
            assertThat(value(text, "churn_feature_drift_psi{feature=\"tenure\"}")).as("the window now in use")
                    .isEqualTo(sameCard.featurePsi("tenure"), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(first.size()).as("the replaced window is no longer fed").isZero();

            metrics.watchDrift(narrower);
            text = metrics.scrape();
            assertThat(text).doesNotContain("feature=\"tenure\"");
            assertThat(series(text, "churn_feature_drift_psi{")).isEqualTo(narrower.features().size());
            assertThat(value(text, "churn_drift_window_records")).isZero();
        }
    }

    /** The bundled model with a card whose reference profile leaves {@code feature} out. */
    private static ChurnModel modelWhoseCardDrops(String feature, Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode card;
        try (InputStream in = ChurnModel.class.getResourceAsStream("model-card.json")) {
            card = (ObjectNode) json.readTree(in);
        }
        ObjectNode numeric = (ObjectNode) card.path("reference_profile").path("numeric");
        assertThat(numeric.remove(feature)).as("the bundled card profiles %s", feature).isNotNull();
        Path pmml = dir.resolve("churn-gbm.pmml");
        try (InputStream in = ChurnModel.class.getResourceAsStream("churn-gbm.pmml")) {
            Files.copy(in, pmml);
        }
        json.writeValue(dir.resolve("model-card.json").toFile(), card);
        return ChurnModel.load(pmml, ChurnModel.DEFAULT_THRESHOLD);
    }

    private static long series(String text, String prefix) {
        return text.lines().filter(line -> line.startsWith(prefix)).count();
    }

    @Test
    void should_keep_the_psi_of_the_training_like_population_low() throws Exception {
        DriftWindow window = new DriftWindow(model.referenceProfile().orElseThrow(), 2_000);
        try (ConsumerMetrics metrics = ConsumerMetrics.prometheus()) {
            metrics.modelInUse("m-1");
            metrics.watchDrift(window);
            SyntheticCustomers normal = new SyntheticCustomers(11);
            for (int i = 0; i < 2_000; i++) {
                metrics.record(List.of(scoredByModel(normal.next())), 0);
            }

            String text = metrics.scrape();
            assertThat(value(text, "churn_feature_drift_psi{feature=\"tenure\"}")).isLessThan(0.1);
            assertThat(value(text, "churn_score_drift_psi")).isLessThan(0.1);
        }
    }

    private static Outcome.Scored scored(CustomerRecord customer, String version, double probability, boolean churn) {
        return new Outcome.Scored(OUTPUT, customer, version, probability, churn, 1_000, -1);
    }

    private static Outcome.Scored scoredByModel(CustomerRecord customer) throws Exception {
        Score score = model.score(customer);
        return scored(customer, "m-1", score.probability(), "Yes".equals(score.label()));
    }

    /** The value of one series in the exposition text; fails when the series is missing. */
    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertThat(m.find()).as("series %s in:%n%s", series, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
