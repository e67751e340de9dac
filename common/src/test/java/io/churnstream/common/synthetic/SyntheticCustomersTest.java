package io.churnstream.common.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.schema.MessageValidator;
import io.churnstream.common.synthetic.SyntheticCustomers.Profile;
import org.junit.jupiter.api.Test;

class SyntheticCustomersTest {

    private static List<CustomerRecord> sample(long seed, int n) {
        return sample(seed, n, Profile.NORMAL);
    }

    private static List<CustomerRecord> sample(long seed, int n, Profile profile) {
        SyntheticCustomers generator = new SyntheticCustomers(seed, profile);
        List<CustomerRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(generator.next().withEventTs("2026-11-25T10:00:00Z"));
        }
        return out;
    }

    @Test
    void should_produce_records_that_pass_validation() {
        for (CustomerRecord r : sample(1, 5_000)) {
            assertThat(MessageValidator.customer().validateValue(r)).as(r.toString()).isEmpty();
        }
    }

    @Test
    void should_produce_shifted_records_that_pass_validation() {
        for (CustomerRecord r : sample(2, 5_000, Profile.SHIFTED)) {
            assertThat(MessageValidator.customer().validateValue(r)).as(r.toString()).isEmpty();
        }
    }

    @Test
    void should_shift_contracts_tenure_and_charges_in_the_shifted_profile() {
        List<CustomerRecord> normal = sample(9, 20_000);
        List<CustomerRecord> shifted = sample(9, 20_000, Profile.SHIFTED);
        assertThat(rate(shifted, r -> r.contract().equals("Month-to-month"))).isBetween(0.77, 0.83);
        assertThat(mean(shifted, r -> r.tenure())).isLessThan(0.6 * mean(normal, r -> r.tenure()));
        assertThat(mean(shifted, CustomerRecord::monthlyCharges)).isGreaterThan(1.1 * mean(normal, CustomerRecord::monthlyCharges));
        assertThat(sample(9, 200)).isEqualTo(sample(9, 200, Profile.NORMAL));
    }

    @Test
    void should_be_deterministic_for_a_seed() {
        assertThat(sample(42, 200)).isEqualTo(sample(42, 200));
        assertThat(sample(42, 200)).isNotEqualTo(sample(43, 200));
    }

    @Test
    void should_follow_the_dataset_frequencies_and_correlations() {
        List<CustomerRecord> all = sample(7, 20_000);
        double churn = rate(all, r -> r.churn().equals("Yes"));
        assertThat(churn).isBetween(0.20, 0.33);
        assertThat(rate(all, r -> r.contract().equals("Month-to-month"))).isBetween(0.50, 0.60);

        List<CustomerRecord> fiberMonthly = all.stream().filter(r -> r.contract().equals("Month-to-month") && r.internetService().equals("Fiber optic")).toList();
        List<CustomerRecord> twoYear = all.stream().filter(r -> r.contract().equals("Two year")).toList();
        assertThat(rate(fiberMonthly, r -> r.churn().equals("Yes"))).isGreaterThan(4 * rate(twoYear, r -> r.churn().equals("Yes")));
    }

    @Test
    void should_keep_internet_add_ons_and_total_charges_consistent() {
        for (CustomerRecord r : sample(3, 5_000)) {
            if (r.internetService().equals("No")) {
                assertThat(List.of(r.onlineSecurity(), r.onlineBackup(), r.deviceProtection(), r.techSupport(), r.streamingTv(), r.streamingMovies()))
                        .containsOnly("No internet service");
            } else {
                assertThat(r.onlineSecurity()).isIn("Yes", "No");
            }
            if (r.phoneService().equals("No")) {
                assertThat(r.multipleLines()).isEqualTo("No phone service");
            }
            if (r.tenure() == 0) {
                assertThat(r.totalCharges()).isNull();
            } else {
                assertThat(r.totalCharges()).isBetween(r.tenure() * r.monthlyCharges() * 0.9, r.tenure() * r.monthlyCharges() * 1.1 + r.monthlyCharges());
            }
        }
    }

    private static double mean(List<CustomerRecord> records, ToDoubleFunction<CustomerRecord> value) {
        return records.stream().mapToDouble(value).average().orElseThrow();
    }

    private static double rate(List<CustomerRecord> records, Predicate<CustomerRecord> p) {
        return records.stream().filter(p).count() / (double) records.size();
    }
}
