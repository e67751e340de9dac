package io.churnstream.common;

import io.churnstream.common.record.CustomerRecord;

/** Hand-written customers for tests (synthetic, not from the real dataset). */
public final class TestCustomers {

    private TestCustomers() {
    }

    public static CustomerRecord fiberMonthToMonth(String id) {
        return new CustomerRecord(id, "Female", 0, "Yes", "No", 5, "Yes", "No", "Fiber optic", "No", "No", "Yes",
                "No", "Yes", "Yes", "Month-to-month", "Yes", "Electronic check", 95.5, 477.5, "Yes",
                "2026-11-25T10:00:00.000Z");
    }

    public static CustomerRecord newTwoYearNoInternet(String id) {
        return new CustomerRecord(id, "Male", 1, "No", "Yes", 0, "Yes", "Yes", "No", "No internet service",
                "No internet service", "No internet service", "No internet service", "No internet service",
                "No internet service", "Two year", "No", "Mailed check", 24.1, null, null, "2026-11-25T10:00:01Z");
    }
}
