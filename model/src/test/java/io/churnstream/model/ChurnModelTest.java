package io.churnstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.churnstream.common.record.CustomerRecord;

class ChurnModelTest {

    private static ChurnModel model;

    @BeforeAll
    static void load() {
        model = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD);
    }

    @Test
    void should_score_a_valid_customer_with_a_probability_and_matching_label() throws Exception {
        Score score = model.score(Customers.valid());

        assertThat(score.probability()).isStrictlyBetween(0.0, 1.0);
        assertThat(score.label()).isEqualTo(score.probability() >= 0.5 ? "Yes" : "No");
    }

    @Test
    void should_label_yes_exactly_from_the_threshold_up() throws Exception {
        double p = model.score(Customers.valid()).probability();

        assertThat(ChurnModel.bundled(p).score(Customers.valid()).label()).isEqualTo("Yes");
        assertThat(ChurnModel.bundled(Math.nextUp(p)).score(Customers.valid()).label()).isEqualTo("No");
    }

    @Test
    void should_reject_unknown_category() {
        assertRefused(Customers.with("Contract", "Three year"), "has a category the model does not know", "Contract");
        assertRefused(Customers.with("gender", "female"), "has a category the model does not know", "gender");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gender", "SeniorCitizen", "tenure", "PaymentMethod", "MonthlyCharges"})
    void should_reject_missing_required_field(String column) {
        assertRefused(Customers.with(column, null), "is missing", column);
    }

    @Test
    void should_reject_null_record() {
        assertThatThrownBy(() -> model.score(null))
                .isInstanceOf(ScoringException.class).hasMessage("record is null");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void should_reject_non_finite_numbers(double value) {
        assertRefused(withNumbers(value, 100.0), "is not a finite number", "MonthlyCharges");
        assertRefused(withNumbers(50.0, value), "is not a finite number", "TotalCharges");
    }

    @Test
    void should_impute_missing_total_charges_with_the_training_median() throws Exception {
        double missing = model.score(Customers.with("TotalCharges", null)).probability();
        double median = model.score(Customers.with("TotalCharges", 1398.125)).probability();
        double other = model.score(Customers.with("TotalCharges", 5000.0)).probability();

        assertThat(missing).isEqualTo(median).isNotEqualTo(other);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.0, -0.1, 1.5, Double.NaN})
    void should_reject_threshold_outside_the_open_unit_interval(double threshold) {
        assertThatThrownBy(() -> ChurnModel.bundled(threshold)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> ChurnModel.load(Path.of("unused.pmml"), threshold))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_keep_the_threshold_it_was_built_with() {
        assertThat(ChurnModel.bundled(0.3).threshold()).isEqualTo(0.3);
    }

    @Test
    void should_name_the_bundled_version_from_its_model_card() {
        ModelVersion version = model.version();

        assertThat(version.name()).isEqualTo("churn-gbm");
        assertThat(version.contentHash()).matches("[0-9a-f]{8}");
        assertThat(version.trainedOn()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(version).hasToString("churn-gbm-" + version.contentHash() + " (" + version.trainedOn() + ")");
    }

    @Test
    void should_version_a_custom_model_without_card_by_file_name_hash_and_unknown_date(@TempDir Path dir)
            throws Exception {
        Path pmml = dir.resolve("custom.pmml");
        Files.write(pmml, bundledPmml());

        ChurnModel custom = ChurnModel.load(pmml, 0.5);

        assertThat(custom.version()).hasToString("custom-" + model.version().contentHash() + " (unknown)");
        assertThat(custom.score(Customers.valid())).isEqualTo(model.score(Customers.valid()));
    }

    @Test
    void should_read_the_card_beside_a_custom_model(@TempDir Path dir) throws Exception {
        Path pmml = dir.resolve("custom.pmml");
        Files.write(pmml, bundledPmml());
        Files.writeString(dir.resolve("model-card.json"), "{\"name\":\"churn-x\",\"trained_on\":\"2030-01-02\"}");

        assertThat(ChurnModel.load(pmml, 0.5).version().toString()).startsWith("churn-x-").endsWith(" (2030-01-02)");
    }

    @Test
    void should_fail_to_load_a_missing_model_file(@TempDir Path dir) {
        Path missing = dir.resolve("nope.pmml");

        assertThatThrownBy(() -> ChurnModel.load(missing, 0.5)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("not found").hasMessageContaining("nope.pmml");
    }

    @Test
    void should_fail_to_load_a_garbage_model_file(@TempDir Path dir) throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pmml"), "this is not xml {");

        assertThatThrownBy(() -> ChurnModel.load(garbage, 0.5)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("not a PMML document");
    }

    @Test
    void should_fail_to_load_xml_that_is_not_pmml(@TempDir Path dir) throws IOException {
        Path xml = Files.writeString(dir.resolve("other.pmml"), "<?xml version=\"1.0\"?><html><body/></html>");

        assertThatThrownBy(() -> ChurnModel.load(xml, 0.5)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("not a PMML document");
    }

    @Test
    void should_fail_to_load_a_model_whose_inputs_are_not_customer_fields(@TempDir Path dir) throws IOException {
        String renamed = new String(bundledPmml(), StandardCharsets.UTF_8).replace("\"SeniorCitizen\"", "\"Age\"")
                .replace("(SeniorCitizen)", "(Age)");
        Path pmml = Files.writeString(dir.resolve("renamed.pmml"), renamed);

        assertThatThrownBy(() -> ChurnModel.load(pmml, 0.5)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'Age' is not a customer field");
    }

    private static CustomerRecord withNumbers(double monthly, double total) {
        var columns = Customers.validColumns();
        columns.put("MonthlyCharges", monthly);
        columns.put("TotalCharges", total);
        return Customers.of(columns);
    }

    private static void assertRefused(CustomerRecord record, String problem, String field) {
        assertThatThrownBy(() -> model.score(record)).isInstanceOf(ScoringException.class)
                .hasMessageContaining(problem).hasMessageContaining(field);
    }

    private static byte[] bundledPmml() throws IOException {
        try (InputStream in = ChurnModel.class.getResourceAsStream(ChurnModel.BUNDLED_PMML)) {
            return in.readAllBytes();
        }
    }

    @Test
    void should_warm_up_with_at_most_the_evaluations_asked_for() {
        ChurnModel model = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD);

        assertThat(model.warmUp(500, Duration.ofSeconds(30))).isEqualTo(500);
        assertThat(model.warmUp(1_000_000, Duration.ZERO)).isZero();
    }
}
