package io.churnstream.common.schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonToken;
import io.churnstream.common.json.Json;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.record.EventTime;

/**
 * Reads a customer event in one streaming pass, without a tree, and returns it only when it certainly satisfies
 * {@code customer.schema.json}. Anything it is not sure of gives {@code null}: bytes outside ASCII, a missing or null
 * required field, a number on or past a bound, an integer written with a fraction, a date-time in any form but
 * {@code YYYY-MM-DDThh:mm:ss[.fraction]Z}, a syntax error. The caller then runs {@link MessageValidator}, which
 * decides and says what is wrong. Thread-safe.
 */
public final class CustomerReader {

    private static final String[] YES_NO = {"Yes", "No"};
    private static final String[] ADD_ON = {"Yes", "No", "No internet service"};
    private static final String[] GENDER = {"Male", "Female"};
    private static final String[] MULTIPLE_LINES = {"Yes", "No", "No phone service"};
    private static final String[] INTERNET = {"DSL", "Fiber optic", "No"};
    private static final String[] CONTRACT = {"Month-to-month", "One year", "Two year"};
    private static final String[] PAYMENT = {"Electronic check", "Mailed check", "Bank transfer (automatic)",
            "Credit card (automatic)"};

    /**
     * The project's parser settings, less duplicate detection ({@link Fields} does that for far less), with the
     * faster, equally exact decimal parser.
     */
    private static final JsonFactory PARSERS = Json.mapper().getFactory().rebuild()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    /** Bits of the fields the schema requires, in {@link CustomerRecord}'s component order. */
    private static final int REQUIRED = (1 << 19) - 1;

    private CustomerReader() {
    }

    /** The customer in {@code utf8}, or {@code null} when the full validator has to decide. */
    public static CustomerRecord readIfValid(byte[] utf8) {
        for (byte b : utf8) {
            if (b < 0) {
                return null;
            }
        }
        try (JsonParser p = PARSERS.createParser(utf8)) {
            return read(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static CustomerRecord read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Fields f = new Fields();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (!f.read(name, value, p)) {
                return null;
            }
        }
        if ((f.seen & REQUIRED) != REQUIRED || p.nextToken() != null) {
            return null;
        }
        return f.record();
    }

    /** The fields read so far; {@code seen} has one bit per field. */
    private static final class Fields {
        int seen;
        List<String> otherNames;
        String customerId;
        String gender;
        Integer seniorCitizen;
        String partner;
        String dependents;
        Integer tenure;
        String phoneService;
        String multipleLines;
        String internetService;
        String onlineSecurity;
        String onlineBackup;
        String deviceProtection;
        String techSupport;
        String streamingTv;
        String streamingMovies;
        String contract;
        String paperlessBilling;
        String paymentMethod;
        Double monthlyCharges;
        Double totalCharges;
        String churn;
        String eventTs;

        /** Stores one field; false when it is a duplicate or not certainly valid. */
        boolean read(String name, JsonToken t, JsonParser p) throws IOException {
            return switch (name) {
                case "customerID" -> mark(0) && (customerId = customerId(t, p)) != null;
                case "gender" -> mark(1) && (gender = oneOf(t, p, GENDER)) != null;
                case "SeniorCitizen" -> mark(2) && (seniorCitizen = integer(t, p, 0, 1)) != null;
                case "Partner" -> mark(3) && (partner = oneOf(t, p, YES_NO)) != null;
                case "Dependents" -> mark(4) && (dependents = oneOf(t, p, YES_NO)) != null;
                case "tenure" -> mark(5) && (tenure = integer(t, p, 0, 100)) != null;
                case "PhoneService" -> mark(6) && (phoneService = oneOf(t, p, YES_NO)) != null;
                case "MultipleLines" -> mark(7) && (multipleLines = oneOf(t, p, MULTIPLE_LINES)) != null;
                case "InternetService" -> mark(8) && (internetService = oneOf(t, p, INTERNET)) != null;
                case "OnlineSecurity" -> mark(9) && (onlineSecurity = oneOf(t, p, ADD_ON)) != null;
                case "OnlineBackup" -> mark(10) && (onlineBackup = oneOf(t, p, ADD_ON)) != null;
                case "DeviceProtection" -> mark(11) && (deviceProtection = oneOf(t, p, ADD_ON)) != null;
                case "TechSupport" -> mark(12) && (techSupport = oneOf(t, p, ADD_ON)) != null;
                case "StreamingTV" -> mark(13) && (streamingTv = oneOf(t, p, ADD_ON)) != null;
                case "StreamingMovies" -> mark(14) && (streamingMovies = oneOf(t, p, ADD_ON)) != null;
                case "Contract" -> mark(15) && (contract = oneOf(t, p, CONTRACT)) != null;
                case "PaperlessBilling" -> mark(16) && (paperlessBilling = oneOf(t, p, YES_NO)) != null;
                case "PaymentMethod" -> mark(17) && (paymentMethod = oneOf(t, p, PAYMENT)) != null;
                case "MonthlyCharges" -> mark(18) && (monthlyCharges = inside(t, p, 200)) != null;
                case "TotalCharges" -> mark(19)
                        && (t == JsonToken.VALUE_NULL || (totalCharges = inside(t, p, 20_000)) != null);
                case "Churn" -> mark(20) && (t == JsonToken.VALUE_NULL || (churn = oneOf(t, p, YES_NO)) != null);
                case "event_ts" -> mark(21) && (eventTs = dateTime(t, p)) != null;
                default -> {
                    p.skipChildren();
                    yield firstOther(name);
                }
            };
        }

        private boolean firstOther(String name) {
            if (otherNames == null) {
                otherNames = new ArrayList<>(2);
            } else if (otherNames.contains(name)) {
                return false;
            }
            return otherNames.add(name);
        }

        private boolean mark(int bit) {
            int mask = 1 << bit;
            boolean first = (seen & mask) == 0;
            seen |= mask;
            return first;
        }

        CustomerRecord record() {
            return new CustomerRecord(customerId, gender, seniorCitizen, partner, dependents, tenure, phoneService,
                    multipleLines, internetService, onlineSecurity, onlineBackup, deviceProtection, techSupport,
                    streamingTv, streamingMovies, contract, paperlessBilling, paymentMethod, monthlyCharges,
                    totalCharges, churn, eventTs);
        }
    }

    /** The allowed constant equal to the string token, without allocating; null if none is. */
    static String oneOf(JsonToken t, JsonParser p, String[] allowed) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            return null;
        }
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        for (String candidate : allowed) {
            if (candidate.length() == length && regionEquals(candidate, chars, offset)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean regionEquals(String candidate, char[] chars, int offset) {
        for (int i = 0; i < candidate.length(); i++) {
            if (candidate.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private static Integer integer(JsonToken t, JsonParser p, int min, int max) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            return null;
        }
        int v = p.getIntValue();
        return v >= min && v <= max ? v : null;
    }

    /** A number strictly between 0 and {@code max}: a value on a bound may have been rounded onto it, so it is left to the validator. */
    private static Double inside(JsonToken t, JsonParser p, double max) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            return null;
        }
        double v = p.getDoubleValue();
        return v > 0 && v < max ? v : null;
    }

    /** {@code NNNN-AAAAA}: exactly the pattern {@code ^[0-9]{4}-[A-Z]{5}$} of ten characters. */
    private static String customerId(JsonToken t, JsonParser p) throws IOException {
        if (t != JsonToken.VALUE_STRING || p.getTextLength() != 10) {
            return null;
        }
        String id = p.getText();
        for (int i = 0; i < 10; i++) {
            char c = id.charAt(i);
            boolean ok = i < 4 ? c >= '0' && c <= '9' : i == 4 ? c == '-' : c >= 'A' && c <= 'Z';
            if (!ok) {
                return null;
            }
        }
        return id;
    }

    private static String dateTime(JsonToken t, JsonParser p) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            return null;
        }
        String s = p.getText();
        return EventTime.plainUtcMillis(s) != EventTime.NOT_PLAIN ? s : null;
    }
}
