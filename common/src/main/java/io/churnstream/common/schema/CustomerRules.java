package io.churnstream.common.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The customer schema's rules in the form {@link CustomerReader} checks them, read from the schema itself: the
 * allowed strings, the numeric bounds, the pattern of a number that may also be written as a string, which fields
 * are required and which may be null. A schema that asks for
 * anything the reader does not check (another keyword, another pattern, closed properties) makes the rules
 * {@linkplain #usable() unusable}, and every event then goes to the full validator.
 */
final class CustomerRules {

    /** How a field is checked; fixed by the field's type in {@code CustomerRecord}. */
    enum Kind { ID, TEXT, INTEGER, NUMBER, DATE_TIME }

    /** The fields in {@code CustomerRecord}'s component order, with how each is checked. */
    static final List<String> FIELDS = List.of("customerID", "gender", "SeniorCitizen", "Partner", "Dependents",
            "tenure", "PhoneService", "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup",
            "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling",
            "PaymentMethod", "MonthlyCharges", "TotalCharges", "Churn", "event_ts");
    private static final Kind[] KINDS = kinds();
    static final String ID_PATTERN = "^[0-9]{4}-[A-Z]{5}$";

    private static final Set<String> TOP_KEYS = Set.of("$schema", "$id", "title", "description", "type", "required",
            "properties", "$defs");
    private static final Set<String> FIELD_KEYS = Set.of("type", "enum", "minimum", "maximum", "pattern", "format",
            "title", "description");

    private final Map<String, Integer> index = new HashMap<>();
    private final String[][] strings = new String[FIELDS.size()][];
    private final int[][] integers = new int[FIELDS.size()][];
    private final double[] min = new double[FIELDS.size()];
    private final double[] max = new double[FIELDS.size()];
    private final Pattern[] numberTexts = new Pattern[FIELDS.size()];
    private final boolean[] nullable = new boolean[FIELDS.size()];
    private int required;
    private final List<String> problems = new ArrayList<>();

    private CustomerRules(JsonNode schema) {
        for (int i = 0; i < FIELDS.size(); i++) {
            index.put(FIELDS.get(i), i);
        }
        keys(schema, TOP_KEYS, "the schema");
        if (!"object".equals(schema.path("type").asText())) {
            problems.add("the schema is not of type object");
        }
        for (JsonNode name : schema.path("required")) {
            Integer i = index.get(name.asText());
            if (i == null) {
                problems.add("required field " + name + " is not a customer field");
            } else {
                required |= 1 << i;
            }
        }
        Set<String> properties = new HashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        if (!properties.equals(Set.copyOf(FIELDS))) {
            problems.add("the schema's properties are not the customer fields");
        }
        for (int i = 0; i < FIELDS.size(); i++) {
            field(i, resolve(schema, schema.path("properties").path(FIELDS.get(i))));
        }
    }

    static CustomerRules from(JsonNode schema) {
        return new CustomerRules(schema);
    }

    /** Whether the reader can apply this schema; if not, {@link #problems()} says why. */
    boolean usable() {
        return problems.isEmpty();
    }

    List<String> problems() {
        return problems;
    }

    /** The field's position in {@link #FIELDS}, or null for a field the schema does not name. */
    Integer index(String field) {
        return index.get(field);
    }

    Kind kind(int field) {
        return KINDS[field];
    }

    /** Bit i set when {@code FIELDS[i]} is required. */
    int requiredMask() {
        return required;
    }

    boolean nullable(int field) {
        return nullable[field];
    }

    String[] strings(int field) {
        return strings[field];
    }

    /** Whether an integer field allows {@code v}. */
    boolean allows(int field, int v) {
        if (integers[field] != null) {
            for (int allowed : integers[field]) {
                if (allowed == v) {
                    return true;
                }
            }
            return false;
        }
        return v >= min[field] && v <= max[field];
    }

    /**
     * The pattern a number field written as a string must match (the schema's {@code pattern}, which JSON Schema
     * applies to strings only), or null when the field takes numbers only.
     */
    Pattern numberText(int field) {
        return numberTexts[field];
    }

    /** Whether a number is strictly inside the field's bounds (a value on a bound may have been rounded onto it). */
    boolean inside(int field, double v) {
        return v > min[field] && v < max[field];
    }

    private void field(int i, JsonNode rule) {
        String name = FIELDS.get(i);
        keys(rule, FIELD_KEYS, name);
        Set<String> types = new HashSet<>();
        if (rule.path("type").isArray()) {
            rule.path("type").forEach(t -> types.add(t.asText()));
        } else if (rule.has("type")) {
            types.add(rule.path("type").asText());
        }
        nullable[i] = types.remove("null");
        min[i] = rule.has("minimum") ? rule.path("minimum").asDouble() : Double.NEGATIVE_INFINITY;
        max[i] = rule.has("maximum") ? rule.path("maximum").asDouble() : Double.POSITIVE_INFINITY;
        boolean ok = switch (KINDS[i]) {
            case ID -> types.equals(Set.of("string")) && ID_PATTERN.equals(rule.path("pattern").asText(null))
                    && !rule.has("enum") && !rule.has("format");
            case DATE_TIME -> types.equals(Set.of("string")) && "date-time".equals(rule.path("format").asText(null))
                    && !rule.has("enum") && !rule.has("pattern");
            case TEXT -> textEnum(i, rule, types);
            case INTEGER -> types.equals(Set.of("integer")) && integerEnum(i, rule) && !rule.has("pattern")
                    && !rule.has("format");
            case NUMBER -> number(i, rule, types);
        };
        if (!ok) {
            problems.add(name + ": a rule the single pass does not check");
        }
    }

    /** A number, or a number or a string of the schema's pattern; the pattern then says which strings are numbers. */
    private boolean number(int i, JsonNode rule, Set<String> types) {
        if (rule.has("enum") || rule.has("format")) {
            return false;
        }
        if (types.equals(Set.of("number"))) {
            return !rule.has("pattern");
        }
        if (!types.equals(Set.of("number", "string")) || !rule.path("pattern").isTextual()) {
            return false;
        }
        try {
            numberTexts[i] = Pattern.compile(rule.path("pattern").asText());
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private boolean textEnum(int i, JsonNode rule, Set<String> types) {
        if (!rule.path("enum").isArray() || !(types.isEmpty() || types.equals(Set.of("string")))
                || rule.has("pattern") || rule.has("format") || rule.has("minimum") || rule.has("maximum")) {
            return false;
        }
        List<String> allowed = new ArrayList<>();
        for (JsonNode value : rule.path("enum")) {
            if (value.isNull()) {
                nullable[i] = true;
            } else if (value.isTextual()) {
                allowed.add(value.asText().intern());
            } else {
                return false;
            }
        }
        strings[i] = allowed.toArray(new String[0]);
        return true;
    }

    private boolean integerEnum(int i, JsonNode rule) {
        if (!rule.has("enum")) {
            return true;
        }
        List<Integer> allowed = new ArrayList<>();
        for (JsonNode value : rule.path("enum")) {
            if (!value.isInt()) {
                return false;
            }
            allowed.add(value.asInt());
        }
        integers[i] = allowed.stream().mapToInt(Integer::intValue).toArray();
        return true;
    }

    /** The rule itself, or the {@code $defs} entry its {@code $ref} names. */
    private JsonNode resolve(JsonNode schema, JsonNode rule) {
        if (!rule.has("$ref")) {
            return rule;
        }
        String ref = rule.path("$ref").asText();
        if (rule.size() != 1 || !ref.startsWith("#/$defs/")) {
            problems.add("unsupported $ref " + ref);
            return rule;
        }
        return schema.path("$defs").path(ref.substring("#/$defs/".length()));
    }

    private void keys(JsonNode node, Set<String> allowed, String where) {
        if (node.isMissingNode()) {
            problems.add(where + " is missing");
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!allowed.contains(key)) {
                problems.add(where + " uses " + key);
            }
        }
    }

    private static Kind[] kinds() {
        Kind[] kinds = new Kind[FIELDS.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = switch (FIELDS.get(i)) {
                case "customerID" -> Kind.ID;
                case "event_ts" -> Kind.DATE_TIME;
                case "SeniorCitizen", "tenure" -> Kind.INTEGER;
                case "MonthlyCharges", "TotalCharges" -> Kind.NUMBER;
                default -> Kind.TEXT;
            };
        }
        return kinds;
    }
}
