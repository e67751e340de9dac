package io.churnstream.common.synthetic;

import static io.churnstream.common.record.CustomerFields.*;

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
        assertThat(rate(shifted, r -> r.text(CONTRACT).equals("Month-to-month"))).isBetween(0.77, 0.83);
        assertThat(mean(shifted, r -> r.integer(TENURE))).isLessThan(0.6 * mean(normal, r -> r.integer(TENURE)));
        assertThat(mean(shifted, r -> r.number(MONTHLY_CHARGES))).isGreaterThan(1.1 * mean(normal, r -> r.number(MONTHLY_CHARGES)));
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
        double churn = rate(all, r -> r.text(CHURN).equals("Yes"));
        assertThat(churn).isBetween(0.20, 0.33);
        assertThat(rate(all, r -> r.text(CONTRACT).equals("Month-to-month"))).isBetween(0.50, 0.60);

        List<CustomerRecord> fiberMonthly = all.stream().filter(r -> r.text(CONTRACT).equals("Month-to-month") && r.text(INTERNET_SERVICE).equals("Fiber optic")).toList();
        List<CustomerRecord> twoYear = all.stream().filter(r -> r.text(CONTRACT).equals("Two year")).toList();
        assertThat(rate(fiberMonthly, r -> r.text(CHURN).equals("Yes"))).isGreaterThan(4 * rate(twoYear, r -> r.text(CHURN).equals("Yes")));
    }

    @Test
    void should_keep_internet_add_ons_and_total_charges_consistent() {
        for (CustomerRecord r : sample(3, 5_000)) {
            if (r.text(INTERNET_SERVICE).equals("No")) {
                assertThat(List.of(r.text(ONLINE_SECURITY), r.text(ONLINE_BACKUP), r.text(DEVICE_PROTECTION), r.text(TECH_SUPPORT), r.text(STREAMING_TV), r.text(STREAMING_MOVIES)))
                        .containsOnly("No internet service");
            } else {
                assertThat(r.text(ONLINE_SECURITY)).isIn("Yes", "No");
            }
            if (r.text(PHONE_SERVICE).equals("No")) {
                assertThat(r.text(MULTIPLE_LINES)).isEqualTo("No phone service");
            }
            if (r.integer(TENURE) == 0) {
                assertThat(r.number(TOTAL_CHARGES)).isNull();
            } else {
                assertThat(r.number(TOTAL_CHARGES)).isBetween(r.integer(TENURE) * r.number(MONTHLY_CHARGES) * 0.9, r.integer(TENURE) * r.number(MONTHLY_CHARGES) * 1.1 + r.number(MONTHLY_CHARGES));
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
