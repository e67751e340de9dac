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

import java.util.Objects;
import java.util.SplittableRandom;

import io.churnstream.common.record.CustomerRecord;

/**
 * A seeded generator of realistic Telco customers: the published frequencies of the public dataset and its main
 * correlations (contract vs tenure, fiber and electronic check vs churn, charges vs services), and add-ons that
 * agree with the internet service, or a population shifted away from the dataset ({@link Profile#SHIFTED}).
 * Every record it makes passes the customer schema. Not thread-safe: one per thread.
 */
public final class SyntheticCustomers {

    /** Which population to draw from. */
    public enum Profile {
        /** The dataset's frequencies and correlations. */
        NORMAL,
        /**
         * Customers unlike the training data, to exercise drift monitoring: 80% month-to-month contracts instead
         * of 55% (12% one year, 8% two years), half the tenure of a normal customer with the same contract, and
         * monthly charges 25% higher for the same services (total charges follow).
         */
        SHIFTED
    }

    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** Tenure deciles (min, 10%, ..., 90%, max) of each contract in the dataset; a tenure is drawn within one. */
    private static final int[][] TENURE_DECILES = {
            {1, 1, 2, 4, 8, 12, 17, 24, 33, 46, 72},
            {0, 14, 23, 30, 37, 44, 50, 55, 61, 67, 72},
            {0, 26, 44, 52, 60, 64, 68, 70, 72, 72, 72}};

    /** Share of phone customers with multiple lines, for fiber, DSL and no internet, as in the dataset. */
    private static final double[] MULTIPLE_LINES_YES = {0.63, 0.28, 0.22};

    /**
     * Share of internet customers with each add-on (online security, online backup, device protection, tech
     * support, streaming TV, streaming movies), for fiber and DSL, as in the dataset.
     */
    private static final double[][] ADD_ON_YES = {
            {0.27, 0.43, 0.44, 0.28, 0.57, 0.57},
            {0.49, 0.45, 0.44, 0.49, 0.40, 0.41}};

    private final SplittableRandom random;
    private final Profile profile;

    public SyntheticCustomers(long seed) {
        this(seed, Profile.NORMAL);
    }

    public SyntheticCustomers(long seed, Profile profile) {
        this.random = new SplittableRandom(seed);
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /** The next customer, without {@code event_ts}. */
    public CustomerRecord next() {
        boolean shifted = profile == Profile.SHIFTED;
        String contract = pick(new String[]{"Month-to-month", "One year", "Two year"}, shifted ? 0.80 : 0.55, shifted ? 0.12 : 0.21);
        int tenure = shifted ? tenure(contract) / 2 : tenure(contract);
        boolean partner = chance(0.48);
        boolean dependents = chance(partner ? 0.50 : 0.12);
        boolean senior = chance(0.16);
        String internet = pick(new String[]{"Fiber optic", "DSL", "No"}, senior ? 0.70 : 0.40, senior ? 0.22 : 0.36);
        int service = switch (internet) {
            case "Fiber optic" -> 0;
            case "DSL" -> 1;
            default -> 2;
        };
        // longer-standing customers hold more services: +/- around the dataset's mean tenure of 32 months
        double loyalty = tenure / 72.0 - 0.45;
        boolean phone = service != 1 || chance(0.72);
        String multipleLines = phone ? yesNo(chance(MULTIPLE_LINES_YES[service] + 0.4 * loyalty)) : "No phone service";
        String security = addOn(service, 0, 0.35 * loyalty);
        String backup = addOn(service, 1, 0.35 * loyalty);
        String protection = addOn(service, 2, 0.35 * loyalty);
        String support = addOn(service, 3, 0.35 * loyalty);
        String tv = addOn(service, 4, 0.2 * loyalty);
        String movies = addOn(service, 5, 0.2 * loyalty);
        boolean paperless = chance(internet.equals("Fiber optic") ? 0.75 : 0.50);
        String payment = contract.equals("Month-to-month")
                ? pick(new String[]{"Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"}, 0.48, 0.22, 0.15)
                : pick(new String[]{"Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"}, 0.16, 0.24, 0.30);

        double monthly = monthlyCharges(phone, multipleLines, internet, security, backup, protection, support, tv, movies);
        if (shifted) {
            monthly = round2(monthly * 1.25);
        }
        Double total = tenure == 0 ? null : round2(Math.max(monthly, tenure * monthly * (0.93 + 0.14 * random.nextDouble())));
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
        int[] deciles = TENURE_DECILES[switch (contract) {
            case "Month-to-month" -> 0;
            case "One year" -> 1;
            default -> 2;
        }];
        int decile = random.nextInt(10);
        return random.nextInt(deciles[decile], deciles[decile + 1] + 1);
    }

    /** The dataset's charges are nearly linear in the services: 5 per add-on, 10 per streaming service. */
    private double monthlyCharges(boolean phone, String lines, String internet, String security, String backup,
                                  String protection, String support, String tv, String movies) {
        double charge = phone ? 20.0 : 0.0;
        if (lines.equals("Yes")) {
            charge += 5.0;
        }
        charge += switch (internet) {
            case "Fiber optic" -> 50.0;
            case "DSL" -> 25.0;
            default -> 0.0;
        };
        charge += 5.0 * yesCount(security, backup, protection, support) + 10.0 * yesCount(tv, movies);
        charge += random.nextDouble() * 3.4 - 1.7;
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

    private static int yesCount(String... values) {
        int yes = 0;
        for (String value : values) {
            if (value.equals("Yes")) {
                yes++;
            }
        }
        return yes;
    }

    private String addOn(int service, int addOn, double loyaltyBonus) {
        return service == 2 ? "No internet service" : yesNo(chance(ADD_ON_YES[service][addOn] + loyaltyBonus));
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
