package io.churnstream.common;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.synthetic.SyntheticCustomers;

/** Customers for tests, hand-written or generated: synthetic, never from the real dataset. */
public final class TestCustomers {

    private TestCustomers() {
    }

    public static CustomerRecord fiberMonthToMonth(String id) {
        return CustomerRecord.of(CustomerFields.TELCO, new Object[]{id, "Female", 0, "Yes", "No", 5, "Yes", "No", "Fiber optic", "No", "No", "Yes",
                "No", "Yes", "Yes", "Month-to-month", "Yes", "Electronic check", 95.5, 477.5, "Yes",
                "2026-11-25T10:00:00.000Z"});
    }

    public static CustomerRecord newTwoYearNoInternet(String id) {
        return CustomerRecord.of(CustomerFields.TELCO, new Object[]{id, "Male", 1, "No", "Yes", 0, "Yes", "Yes", "No", "No internet service",
                "No internet service", "No internet service", "No internet service", "No internet service",
                "No internet service", "Two year", "No", "Mailed check", 24.1, null, null, "2026-11-25T10:00:01Z"});
    }

    /** {@code n} generated customers with distinct customerIDs (repeats skipped), by id in generation order, stamped now. */
    public static Map<String, CustomerRecord> unique(int n, long seed) {
        SyntheticCustomers generator = new SyntheticCustomers(seed);
        Map<String, CustomerRecord> customers = new LinkedHashMap<>();
        String ts = Instant.now().toString();
        while (customers.size() < n) {
            CustomerRecord c = generator.next().withEventTs(ts);
            customers.putIfAbsent(c.customerId(), c);
        }
        return customers;
    }
}
