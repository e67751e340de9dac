package io.churnstream.common.synthetic;

import static io.churnstream.common.record.CustomerFields.CHURN;
import static io.churnstream.common.record.CustomerFields.CONTRACT;
import static io.churnstream.common.record.CustomerFields.CUSTOMER_ID;
import static io.churnstream.common.record.CustomerFields.DEPENDENTS;
import static io.churnstream.common.record.CustomerFields.DEVICE_PROTECTION;
import static io.churnstream.common.record.CustomerFields.GENDER;
import static io.churnstream.common.record.CustomerFields.INTERNET_SERVICE;
import static io.churnstream.common.record.CustomerFields.MONTHLY_CHARGES;
import static io.churnstream.common.record.CustomerFields.MULTIPLE_LINES;
import static io.churnstream.common.record.CustomerFields.ONLINE_BACKUP;
import static io.churnstream.common.record.CustomerFields.ONLINE_SECURITY;
import static io.churnstream.common.record.CustomerFields.PAPERLESS_BILLING;
import static io.churnstream.common.record.CustomerFields.PARTNER;
import static io.churnstream.common.record.CustomerFields.PAYMENT_METHOD;
import static io.churnstream.common.record.CustomerFields.PHONE_SERVICE;
import static io.churnstream.common.record.CustomerFields.SENIOR_CITIZEN;
import static io.churnstream.common.record.CustomerFields.STREAMING_MOVIES;
import static io.churnstream.common.record.CustomerFields.STREAMING_TV;
import static io.churnstream.common.record.CustomerFields.TECH_SUPPORT;
import static io.churnstream.common.record.CustomerFields.TENURE;
import static io.churnstream.common.record.CustomerFields.TOTAL_CHARGES;

import java.util.SplittableRandom;

import io.churnstream.common.record.CustomerRecord;

/**
 * A seeded generator of realistic Telco customers: the published frequencies of the public dataset and its main
 * correlations (contract vs tenure, fiber and electronic check vs churn, charges vs services), and add-ons that
 * agree with the internet service. Every record it makes passes the customer schema. Not thread-safe: one per thread.
 */
public final class SyntheticCustomers {

    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final SplittableRandom random;

    public SyntheticCustomers(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next customer, without {@code event_ts}. */
    public CustomerRecord next() {
        String contract = pick(new String[]{"Month-to-month", "One year", "Two year"}, 0.55, 0.21);
        int tenure = tenure(contract);
        boolean partner = chance(0.48);
        boolean dependents = chance(partner ? 0.50 : 0.12);
        boolean senior = chance(0.16);
        boolean phone = chance(0.90);
        String multipleLines = phone ? yesNo(chance(0.25 + 0.4 * tenure / 72.0)) : "No phone service";
        String internet = pick(new String[]{"Fiber optic", "DSL", "No"}, senior ? 0.70 : 0.40, senior ? 0.22 : 0.36);
        boolean hasInternet = !internet.equals("No");
        double loyalty = tenure / 72.0;
        String security = addOn(hasInternet, 0.22 + 0.35 * loyalty);
        String backup = addOn(hasInternet, 0.30 + 0.35 * loyalty);
        String protection = addOn(hasInternet, 0.30 + 0.35 * loyalty);
        String support = addOn(hasInternet, 0.22 + 0.35 * loyalty);
        String tv = addOn(hasInternet, 0.40 + 0.2 * loyalty);
        String movies = addOn(hasInternet, 0.40 + 0.2 * loyalty);
        boolean paperless = chance(internet.equals("Fiber optic") ? 0.75 : 0.50);
        String payment = contract.equals("Month-to-month")
                ? pick(new String[]{"Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"}, 0.48, 0.22, 0.15)
                : pick(new String[]{"Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"}, 0.16, 0.24, 0.30);

        double monthly = monthlyCharges(phone, multipleLines, internet, security, backup, protection, support, tv, movies);
        Double total = tenure == 0 ? null : round2(Math.max(monthly, tenure * monthly * (0.93 + 0.12 * random.nextDouble())));
        String churn = yesNo(chance(churnProbability(contract, tenure, internet, payment, senior, support, security)));
        return CustomerRecord.builder().set(CUSTOMER_ID, customerId()).set(GENDER, chance(0.505) ? "Male" : "Female")
                .set(SENIOR_CITIZEN, senior ? 1 : 0).set(PARTNER, yesNo(partner)).set(DEPENDENTS, yesNo(dependents))
                .set(TENURE, tenure).set(PHONE_SERVICE, yesNo(phone)).set(MULTIPLE_LINES, multipleLines)
                .set(INTERNET_SERVICE, internet).set(ONLINE_SECURITY, security).set(ONLINE_BACKUP, backup)
                .set(DEVICE_PROTECTION, protection).set(TECH_SUPPORT, support).set(STREAMING_TV, tv)
                .set(STREAMING_MOVIES, movies).set(CONTRACT, contract).set(PAPERLESS_BILLING, yesNo(paperless))
                .set(PAYMENT_METHOD, payment).set(MONTHLY_CHARGES, monthly).set(TOTAL_CHARGES, total).set(CHURN, churn)
                .build();
    }

    private String customerId() {
        StringBuilder id = new StringBuilder(10);
        id.append(String.format("%04d", random.nextInt(10_000))).append('-');
        for (int i = 0; i < 5; i++) {
            id.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return id.toString();
    }

    private int tenure(String contract) {
        return switch (contract) {
            case "Month-to-month" -> chance(0.35) ? random.nextInt(0, 7) : (int) Math.min(72, Math.round(-18 * Math.log(1 - random.nextDouble())) + 1);
            case "One year" -> random.nextInt(3, 73);
            default -> chance(0.6) ? random.nextInt(55, 73) : random.nextInt(0, 73);
        };
    }

    private double monthlyCharges(boolean phone, String lines, String internet, String... addOns) {
        double charge = phone ? 20.0 : 0.0;
        if (lines.equals("Yes")) {
            charge += 5.0;
        }
        charge += switch (internet) {
            case "Fiber optic" -> 50.0;
            case "DSL" -> 25.0;
            default -> 0.0;
        };
        for (String addOn : addOns) {
            if (addOn.equals("Yes")) {
                charge += 5.0;
            }
        }
        charge += random.nextDouble() * 4.0 - 1.0;
        return round2(Math.min(118.75, Math.max(18.25, charge)));
    }

    private static double churnProbability(String contract, int tenure, String internet, String payment, boolean senior,
                                           String support, String security) {
        double logit = -1.2;
        logit += switch (contract) {
            case "Month-to-month" -> 1.0;
            case "One year" -> -0.9;
            default -> -2.2;
        };
        logit += internet.equals("Fiber optic") ? 0.9 : internet.equals("No") ? -0.8 : 0.0;
        logit += payment.equals("Electronic check") ? 0.5 : 0.0;
        logit += senior ? 0.3 : 0.0;
        logit += support.equals("Yes") ? -0.4 : 0.0;
        logit += security.equals("Yes") ? -0.4 : 0.0;
        logit -= 0.035 * tenure;
        return 1.0 / (1.0 + Math.exp(-logit));
    }

    private String addOn(boolean hasInternet, double yes) {
        return hasInternet ? yesNo(chance(yes)) : "No internet service";
    }

    private String pick(String[] values, double... firstProbabilities) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < firstProbabilities.length; i++) {
            cumulative += firstProbabilities[i];
            if (u < cumulative) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private static String yesNo(boolean yes) {
        return yes ? "Yes" : "No";
    }

    private static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
