package io.churnstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.synthetic.SyntheticCustomers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ChurnModel#admit} asks of a published model beyond what {@link ChurnModel#load} asks of a file. */
class ModelAdmissionTest {

    /** A logistic regression on tenure and Complaints, a field the customer contract does not have. */
    static final Path FOREIGN_PMML = Path.of("src", "test", "resources", "io", "churnstream", "model", "foreign-contract.pmml");

    @Test
    void should_admit_the_bundled_model_as_it_scores_bundled() throws Exception {
        ModelRelease release = Pmml.release(Pmml.bundled(), Pmml.bundledCard());

        ChurnModel admitted = ChurnModel.admit(release, 0.5, ScoringEngine.AUTO);

        ChurnModel bundled = ChurnModel.bundled(0.5);
        assertThat(admitted.version()).isEqualTo(bundled.version());
        assertThat(admitted.version().id()).isEqualTo(release.version());
        assertThat(admitted.compiled()).isTrue();
        CustomerRecord customer = new SyntheticCustomers(5).next();
        assertThat(admitted.score(customer)).isEqualTo(bundled.score(customer));
    }

    @Test
    void should_admit_the_challenger_which_scores_differently() throws Exception {
        ChurnModel challenger = ChurnModel.admit(Pmml.release(Pmml.challenger(), Pmml.challengerCard()), 0.5,
                ScoringEngine.AUTO);

        ChurnModel bundled = ChurnModel.bundled(0.5);
        assertThat(challenger.version().name()).isEqualTo("churn-gbm-challenger");
        assertThat(challenger.compiled()).isTrue();
        SyntheticCustomers customers = new SyntheticCustomers(9);
        int differentLabels = 0;
        for (int i = 0; i < 2_000; i++) {
            CustomerRecord c = customers.next();
            assertThat(challenger.score(c).probability()).isNotEqualTo(bundled.score(c).probability());
            differentLabels += challenger.score(c).label().equals(bundled.score(c).label()) ? 0 : 1;
        }
        assertThat(differentLabels).as("customers the two models label differently").isPositive();
    }

    @Test
    void should_refuse_a_model_without_verification_rows_which_a_file_may_lack() throws Exception {
        String unverified = Pmml.bundled().replaceAll("<ModelVerification.*</ModelVerification>", "");

        assertRefused(unverified, Pmml.bundledCard(), RefusalReason.VERIFICATION_FAILED, "no ModelVerification rows");
        assertThat(loadFile(unverified).version().name()).isEqualTo("model");
    }

    @Test
    void should_refuse_a_model_whose_scores_differ_from_its_verification_rows() {
        String changed = Pmml.replaceOnce(Pmml.bundled(), "rescaleConstant=\"-1.0183280059239455\"",
                "rescaleConstant=\"-0.9\"");

        assertRefused(changed, Pmml.bundledCard(), RefusalReason.VERIFICATION_FAILED, "fails verification");
    }

    @Test
    void should_refuse_a_model_of_another_contract() throws Exception {
        assertRefused(Files.readString(FOREIGN_PMML), Pmml.bundledCard(), RefusalReason.CONTRACT_MISMATCH,
                "'Complaints' is not a customer field");
    }

    @Test
    void should_refuse_a_model_whose_categories_are_not_the_schema_s() {
        String renamed = Pmml.bundled().replace("\"Two year\"", "\"Biennial\"");

        assertRefused(renamed, Pmml.bundledCard(), RefusalReason.CONTRACT_MISMATCH,
                "'Contract' has other categories than the customer schema: it knows [Biennial], which the schema does not "
                        + "allow; it lacks [Two year]");
    }

    @Test
    void should_refuse_a_model_that_lacks_a_category_which_a_model_file_may_lack() throws Exception {
        String lacking = Pmml.replaceOnce(Pmml.bundled(), "<Value value=\"Mailed check\"/></DataField>", "</DataField>");

        assertRefused(lacking, Pmml.bundledCard(), RefusalReason.CONTRACT_MISMATCH, "it lacks [Mailed check]");
        assertThat(loadFile(lacking).compiled()).isTrue();
    }

    @Test
    void should_refuse_what_is_not_pmml() {
        assertRefused("<PMML", Pmml.bundledCard(), RefusalReason.UNPARSEABLE, "not a PMML document");
    }

    @Test
    void should_refuse_a_card_without_training_date() {
        JsonNode card = ModelRelease.cardNamed("churn-gbm");
        ((com.fasterxml.jackson.databind.node.ObjectNode) card).remove("trained_on");

        assertRefused(Pmml.bundled(), card, RefusalReason.UNPARSEABLE, "lacks 'name' or 'trained_on'");
    }

    @Test
    void should_tell_a_compiled_scorer_that_disagrees_from_one_that_does_not_apply() {
        ChurnModel bundled = ChurnModel.bundled(0.5);
        ChurnModel challenger = ChurnModel.admit(Pmml.release(Pmml.challenger(), Pmml.challengerCard()), 0.5,
                ScoringEngine.JPMML);
        var evaluator = evaluator(bundled);

        Compilation checkedAgainstAnotherModel = Compilation.attempt(evaluator, schema(bundled), challenger);

        assertThat(checkedAgainstAnotherModel.disagrees()).isTrue();
        assertThat(checkedAgainstAnotherModel.scorer()).isNull();
        assertThat(checkedAgainstAnotherModel.description()).contains("differs from jpmml-evaluator");
        assertThat(Compilation.attempt(evaluator, schema(bundled), bundled).disagrees()).isFalse();
    }

    private static ChurnModel loadFile(String pmml) throws Exception {
        Path dir = Files.createTempDirectory("admission");
        Path file = Files.writeString(dir.resolve("model.pmml"), pmml, StandardCharsets.UTF_8);
        return ChurnModel.load(file, 0.5);
    }

    private static void assertRefused(String pmml, JsonNode card, RefusalReason reason, String message) {
        assertThatThrownBy(() -> ChurnModel.admit(Pmml.release(pmml, card), 0.5, ScoringEngine.AUTO))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining(message)
                .extracting(e -> ((ModelLoadException) e).reason()).isEqualTo(reason);
    }

    private static org.jpmml.evaluator.Evaluator evaluator(ChurnModel model) {
        return model.evaluator();
    }

    private static InputSchema schema(ChurnModel model) {
        return model.inputSchema();
    }
}
