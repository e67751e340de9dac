package io.churnstream.common.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerFields.Field;

/**
 * The customer schema's rules in the form {@link CustomerReader} checks them, read from the schema itself: the
 * allowed strings, the numeric bounds, the pattern of a number that may also be written as a string, which fields
 * are required and which may be null. A schema that asks for
 * anything the reader does not check (another keyword, another pattern, closed properties) makes the rules
 * {@linkplain #usable() unusable}, and every event then goes to the full validator.
 */
final class CustomerRules {

    static final String ID_PATTERN = "^[0-9]{4}-[A-Z]{5}$";

    private static final Set<String> TOP_KEYS = Set.of("$schema", "$id", "title", "description", "type", "required",
            "properties", "$defs");
    private static final Set<String> FIELD_KEYS = Set.of("type", "enum", "minimum", "maximum", "pattern", "format",
            "title", "description");

    private final CustomerFields fields;
    private final String[][] strings;
    private final int[][] integers;
    private final double[] min;
    private final double[] max;
    private final Pattern[] numberTexts;
    private final boolean[] nullable;
    private long required;
    private final List<String> problems = new ArrayList<>();

    private CustomerRules(CustomerFields fields, JsonNode schema) {
        this.fields = fields;
        int n = fields.size();
        strings = new String[n][];
        integers = new int[n][];
        min = new double[n];
        max = new double[n];
        numberTexts = new Pattern[n];
        nullable = new boolean[n];
        if (n > Long.SIZE) {
            problems.add("more than " + Long.SIZE + " fields");
            return;
        }
        keys(schema, TOP_KEYS, "the schema");
        if (!"object".equals(schema.path("type").asText())) {
            problems.add("the schema is not of type object");
        }
        for (JsonNode name : schema.path("required")) {
            Field f = fields.find(name.asText());
            if (f == null) {
                problems.add("required field " + name + " is not a customer field");
            } else {
                required |= 1L << f.index();
            }
        }
        Set<String> properties = new HashSet<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        if (!properties.equals(Set.copyOf(fields.all().stream().map(Field::name).toList()))) {
            problems.add("the schema's properties are not the customer fields");
        }
        for (Field f : fields.all()) {
            field(f, resolve(schema, schema.path("properties").path(f.name())));
        }
    }

    static CustomerRules from(CustomerFields fields, JsonNode schema) {
        return new CustomerRules(fields, schema);
    }

    CustomerFields fields() {
        return fields;
    }

    /** Whether the reader can apply this schema; if not, {@link #problems()} says why. */
    boolean usable() {
        return problems.isEmpty();
    }

    List<String> problems() {
        return problems;
    }

    /** Bit i set when the table's field i is required. */
    long requiredMask() {
        return required;
    }

    /** Whether a customer may come without the field, or with null. */
    boolean optional(Field field) {
        return (required & 1L << field.index()) == 0 || nullable[field.index()];
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

    private void field(Field f, JsonNode rule) {
        int i = f.index();
        String name = f.name();
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
        boolean ok = switch (f.kind()) {
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
}
