package io.churnstream.model;

import java.util.LinkedHashMap;
import java.util.Map;

import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;

/** Synthetic customers for tests, built from dataset-style column maps. */
final class Customers {

    private Customers() {
    }

    static Map<String, Object> validColumns() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("customerID", "1234-ABCDE");
        c.put("gender", "Female");
        c.put("SeniorCitizen", 0);
        c.put("Partner", "Yes");
        c.put("Dependents", "No");
        c.put("tenure", 5);
        c.put("PhoneService", "Yes");
        c.put("MultipleLines", "No");
        c.put("InternetService", "Fiber optic");
        c.put("OnlineSecurity", "No");
        c.put("OnlineBackup", "Yes");
        c.put("DeviceProtection", "No");
        c.put("TechSupport", "No");
        c.put("StreamingTV", "Yes");
        c.put("StreamingMovies", "No");
        c.put("Contract", "Month-to-month");
        c.put("PaperlessBilling", "Yes");
        c.put("PaymentMethod", "Electronic check");
        c.put("MonthlyCharges", 85.4);
        c.put("TotalCharges", 430.15);
        return c;
    }

    static CustomerRecord valid() {
        return of(validColumns());
    }

    /** The valid customer with one column replaced (null clears it). */
    static CustomerRecord with(String column, Object value) {
        Map<String, Object> columns = validColumns();
        columns.put(column, value);
        return of(columns);
    }

    static CustomerRecord of(Map<String, Object> columns) {
        return Json.mapper().convertValue(columns, CustomerRecord.class);
    }
}
