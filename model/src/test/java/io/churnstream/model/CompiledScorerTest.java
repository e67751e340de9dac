package io.churnstream.model;

import static io.churnstream.common.record.CustomerFields.*;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.synthetic.SyntheticCustomers;

/** The compiled tree-ensemble scorer: used for the bundled model, identical to jpmml-evaluator, refused when unsure. */
class CompiledScorerTest {

    private static ChurnModel model;

    @BeforeAll
    static void load() {
        model = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD);
    }

    @Test
    void should_compile_the_bundled_model() {
        assertThat(model.compiled()).isTrue();
        assertThat(model.engine()).startsWith("compiled tree ensemble");
    }

    @Test
    void should_score_generated_customers_exactly_as_jpmml_evaluator() throws Exception {
        SyntheticCustomers customers = new SyntheticCustomers(20_261_126L);
        int compared = 0;
        int blankTotals = 0;
        for (int i = 0; i < 20_000; i++) {
            CustomerRecord customer = customers.next();
            double compiled = model.score(customer).probability();
            assertThat(compiled).as(customer.customerId())
                    .isCloseTo(model.referenceProbability(customer), org.assertj.core.data.Offset.offset(1e-12));
            compared++;
            blankTotals += customer.number(TOTAL_CHARGES) == null ? 1 : 0;
        }
        assertThat(compared).isEqualTo(20_000);
        assertThat(blankTotals).as("customers with a blank TotalCharges (imputed)").isPositive();
    }

    @Test
    void should_impute_a_missing_total_charges_as_jpmml_evaluator_does() throws Exception {
        CustomerRecord blank = Customers.with("TotalCharges", null);

        assertThat(model.score(blank).probability()).isEqualTo(model.referenceProbability(blank));
        assertThat(model.score(blank).probability()).isNotEqualTo(model.score(Customers.valid()).probability());
    }

    @Test
    void should_score_with_jpmml_evaluator_when_asked() throws Exception {
        ChurnModel jpmml = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD, ScoringEngine.JPMML);

        assertThat(jpmml.compiled()).isFalse();
        assertThat(jpmml.engine()).isEqualTo("jpmml-evaluator (as requested)");
        assertThat(jpmml.score(Customers.valid())).isEqualTo(model.score(Customers.valid()));
    }

    @Test
    void should_fall_back_to_jpmml_evaluator_for_a_model_shape_it_does_not_compile(@TempDir Path dir)
            throws Exception {
        Path pmml = dir.resolve("averaged.pmml");
        Files.writeString(pmml, unverified(bundledPmml()).replace("multipleModelMethod=\"sum\"", "multipleModelMethod=\"average\""));

        ChurnModel averaged = ChurnModel.load(pmml, 0.5);

        assertThat(averaged.compiled()).isFalse();
        assertThat(averaged.engine()).contains("unsupported PMML").contains("segmentation is not sum");
        CustomerRecord customer = Customers.valid();
        assertThat(averaged.score(customer).probability()).isEqualTo(averaged.referenceProbability(customer))
                .isNotEqualTo(model.score(customer).probability());
    }

    @Test
    void should_fall_back_to_jpmml_evaluator_for_a_target_it_does_not_handle(@TempDir Path dir) throws Exception {
        Path pmml = dir.resolve("rounded.pmml");
        Files.writeString(pmml, unverified(bundledPmml()).replace("<Target ", "<Target castInteger=\"round\" "));

        ChurnModel rounded = ChurnModel.load(pmml, 0.5);

        assertThat(rounded.compiled()).isFalse();
        assertThat(rounded.engine()).contains("Target with casting");
        CustomerRecord customer = Customers.valid();
        assertThat(rounded.score(customer).probability()).isEqualTo(rounded.referenceProbability(customer));
    }

    /** The PMML without its verification rows, whose probabilities a model derived from it no longer gives. */
    private static String unverified(String pmml) {
        return pmml.replaceAll("<ModelVerification.*</ModelVerification>", "");
    }

    private static String bundledPmml() throws IOException {
        try (InputStream in = ChurnModel.class.getResourceAsStream(ChurnModel.BUNDLED_PMML)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
