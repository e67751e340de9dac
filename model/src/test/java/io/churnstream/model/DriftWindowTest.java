package io.churnstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.synthetic.SyntheticCustomers;
import io.churnstream.common.synthetic.SyntheticCustomers.Profile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DriftWindowTest {

    private static final List<String> SHIFTED_FEATURES = List.of("Contract", "tenure", "MonthlyCharges");

    private static ChurnModel model;
    private static ReferenceProfile bundled;

    @BeforeAll
    static void loadBundledModel() {
        model = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD);
        bundled = model.referenceProfile().orElseThrow();
    }

    @Test
    void should_profile_every_model_input_from_the_bundled_card() {
        assertThat(bundled.features()).containsExactlyInAnyOrder("SeniorCitizen", "tenure", "MonthlyCharges",
                "TotalCharges", "gender", "Partner", "Dependents", "PhoneService", "MultipleLines", "InternetService",
                "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies",
                "Contract", "PaperlessBilling", "PaymentMethod");
        assertThat(bundled.score().bins()).isEqualTo(11);
    }

    @Test
    void should_show_no_drift_for_the_generator_and_drift_for_the_shifted_population() throws Exception {
        DriftWindow normal = filled(Profile.NORMAL, 1, DriftWindow.DEFAULT_CAPACITY);
        DriftWindow shifted = filled(Profile.SHIFTED, 2, DriftWindow.DEFAULT_CAPACITY);

        assertThat(normal.featurePsi()).hasSize(19).allSatisfy((feature, psi) ->
                assertThat(psi).as(feature).isBetween(0.0, 0.1));
        for (String feature : SHIFTED_FEATURES) {
            assertThat(shifted.featurePsi(feature)).as(feature).isGreaterThan(0.2);
        }
        assertThat(shifted.scorePsi()).isGreaterThan(normal.scorePsi());
    }

    @Test
    void should_evict_the_oldest_records_once_full() throws Exception {
        int capacity = 500;
        List<CustomerRecord> shifted = customers(Profile.SHIFTED, 3, capacity);
        List<CustomerRecord> normal = customers(Profile.NORMAL, 4, capacity);
        DriftWindow window = new DriftWindow(bundled, capacity);
        record(window, shifted);
        Map<String, Double> whileShifted = window.featurePsi();
        record(window, normal.subList(0, capacity / 2));
        assertThat(window.size()).isEqualTo(capacity);
        record(window, normal.subList(capacity / 2, capacity));

        DriftWindow onlyNormal = new DriftWindow(bundled, capacity);
        record(onlyNormal, normal);
        assertThat(window.featurePsi()).isEqualTo(onlyNormal.featurePsi());
        assertThat(window.scorePsi()).isEqualTo(onlyNormal.scorePsi());
        assertThat(window.featurePsi("Contract")).isLessThan(whileShifted.get("Contract") / 2);
    }

    @Test
    void should_count_a_poll_recorded_at_once_as_its_records_one_by_one() throws Exception {
        int capacity = 300;
        List<CustomerRecord> customers = customers(Profile.SHIFTED, 6, 2 * capacity + 70);
        double[] probabilities = new double[customers.size()];
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = model.score(customers.get(i)).probability();
        }
        DriftWindow oneByOne = new DriftWindow(bundled, capacity);
        feed(oneByOne, customers, probabilities);

        DriftWindow byPoll = new DriftWindow(bundled, capacity);
        for (int from = 0; from < customers.size(); from += 128) {
            int to = Math.min(customers.size(), from + 128);
            byPoll.record(customers.subList(from, to), Arrays.copyOfRange(probabilities, from, to + 5));
        }

        assertThat(byPoll.size()).isEqualTo(capacity);
        assertThat(byPoll.featurePsi()).isEqualTo(oneByOne.featurePsi());
        assertThat(byPoll.scorePsi()).isEqualTo(oneByOne.scorePsi());
    }

    @Test
    void should_not_allocate_per_record() throws Exception {
        List<CustomerRecord> customers = customers(Profile.NORMAL, 5, 1_000);
        double[] probabilities = new double[customers.size()];
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = model.score(customers.get(i)).probability();
        }
        DriftWindow window = new DriftWindow(bundled, 100);
        for (int round = 0; round < 20; round++) {
            feed(window, customers, probabilities);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 100; round++) {
            feed(window, customers, probabilities);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated for 100,000 records").isLessThan(16_384);
    }

    @Test
    void should_say_which_card_holds_an_invalid_profile() {
        String card = "{\"name\":\"m\",\"trained_on\":\"2026-11-25\",\"reference_profile\":{\"numeric\":{\"tenure\":"
                + "{\"edges\":[2,6],\"fractions\":[0.5,0.5],\"missing\":0}},\"score\":{\"edges\":[],\"fractions\":[1]}}}";
        assertThatThrownBy(() -> ModelCard.read(stream(card), "card.json"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("model card card.json has an invalid reference_profile: tenure: 2 edges need 3 fractions, got 2");
        String unknown = card.replace("\"tenure\"", "\"shoeSize\"");
        assertThatThrownBy(() -> ModelCard.read(stream(unknown), "card.json"))
                .hasMessageContaining("'shoeSize' is not a customer field");
    }

    @Test
    void should_read_a_card_without_a_profile_as_none() {
        ModelCard card = ModelCard.read(stream("{\"name\":\"m\",\"trained_on\":\"2026-11-25\"}"), "card.json");
        assertThat(card.profile()).isNull();
    }

    private static DriftWindow filled(Profile profile, long seed, int n) throws ScoringException {
        DriftWindow window = new DriftWindow(bundled, n);
        record(window, customers(profile, seed, n));
        assertThat(window.size()).isEqualTo(n);
        return window;
    }

    private static void record(DriftWindow window, List<CustomerRecord> customers) throws ScoringException {
        for (CustomerRecord customer : customers) {
            window.record(customer, model.score(customer).probability());
        }
    }

    private static void feed(DriftWindow window, List<CustomerRecord> customers, double[] probabilities) {
        for (int i = 0; i < probabilities.length; i++) {
            window.record(customers.get(i), probabilities[i]);
        }
    }

    private static List<CustomerRecord> customers(Profile profile, long seed, int n) {
        SyntheticCustomers generator = new SyntheticCustomers(seed, profile);
        List<CustomerRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(generator.next());
        }
        return out;
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
