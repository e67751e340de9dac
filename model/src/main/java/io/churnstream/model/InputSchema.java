package io.churnstream.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.dmg.pmml.OpType;
import org.jpmml.evaluator.Evaluator;
import org.jpmml.evaluator.InputField;

import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerFields.Field;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.schema.CustomerSchema;

/**
 * Maps a model's PMML input fields onto the customer's fields, by name through the {@link CustomerFields} table, and
 * checks each value against the model's domain before evaluation.
 *
 * <p>Unknown categories: the sklearn OneHotEncoder(handle_unknown="ignore") exports as
 * {@code invalidValueTreatment="asIs"}, so the evaluator would silently score an unseen category as "none of the
 * known ones". Instead every categorical value is checked against the valid values its PMML DataField declares.
 * Nulls: only fields the customer schema lets be unknown (TotalCharges) may be null; the PMML imputes them.
 */
final class InputSchema {

    private final Slot[] slots;
    private final Map<String, Integer> slotByName;
    private final String[] names;

    private InputSchema(List<Slot> slots) {
        this.slots = slots.toArray(Slot[]::new);
        this.names = slots.stream().map(s -> s.name).toArray(String[]::new);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            index.put(names[i], i);
        }
        this.slotByName = Map.copyOf(index);
    }

    /**
     * The model's inputs as customer fields, refused with {@link RefusalReason#CONTRACT_MISMATCH} unless each is one;
     * with {@code sameCategories}, also unless each categorical input declares exactly the values the customer schema
     * allows (a published model must score every valid customer, and know nothing the contract cannot send).
     */
    static InputSchema of(Evaluator evaluator, CustomerSchema customers, boolean sameCategories) {
        List<Slot> slots = new ArrayList<>();
        for (InputField input : evaluator.getInputFields()) {
            String name = input.getName();
            Field field = customers.fields().find(name);
            if (field == null) {
                throw mismatch("model input field '" + name + "' is not a customer field");
            }
            boolean optional = customers.optional(field);
            if (field.numeric()) {
                if (input.getOpType() != OpType.CONTINUOUS) {
                    throw mismatch("model input field '" + name + "' should be continuous, is " + input.getOpType());
                }
                slots.add(new Slot(name, field, optional, null));
            } else {
                Set<String> valid = input.getDiscreteDomain().stream().map(String::valueOf)
                        .collect(Collectors.toUnmodifiableSet());
                if (input.getOpType() == OpType.CONTINUOUS || valid.isEmpty()) {
                    throw mismatch("model input field '" + name + "' should be categorical with declared valid values");
                }
                if (sameCategories) {
                    checkCategories(name, valid, customers.allowedValues(field));
                }
                slots.add(new Slot(name, field, optional, valid));
            }
        }
        if (slots.isEmpty()) {
            throw mismatch("model declares no input fields");
        }
        return new InputSchema(slots);
    }

    private static void checkCategories(String name, Set<String> model, Set<String> contract) {
        if (contract.isEmpty() || model.equals(contract)) {
            return;
        }
        List<String> unknown = model.stream().filter(v -> !contract.contains(v)).sorted().toList();
        List<String> missing = contract.stream().filter(v -> !model.contains(v)).sorted().toList();
        throw mismatch("model input field '" + name + "' has other categories than the customer schema"
                + (unknown.isEmpty() ? "" : ": it knows " + unknown + ", which the schema does not allow")
                + (missing.isEmpty() ? "" : (unknown.isEmpty() ? ": " : "; ") + "it lacks " + missing));
    }

    private static ModelLoadException mismatch(String message) {
        return new ModelLoadException(RefusalReason.CONTRACT_MISMATCH, message);
    }

    /** Checks every model input of {@code record} and returns their values in {@link #names()} order. */
    Object[] values(CustomerRecord record) throws ScoringException {
        Object[] values = new Object[slots.length];
        for (int i = 0; i < slots.length; i++) {
            values[i] = slots[i].check(record);
        }
        return values;
    }

    /** Checked {@link #values} as evaluator arguments. */
    Map<String, Object> arguments(Object[] values) {
        return new ArgumentMap(slotByName, names, values);
    }

    List<String> names() {
        return List.of(names);
    }

    /** The customer fields the model reads, in {@link #names()} order. */
    List<Field> fields() {
        return Arrays.stream(slots).map(s -> s.field).toList();
    }

    /** Valid values of a categorical input, or null for a numeric one. */
    Set<String> validValues(Field field) {
        for (Slot slot : slots) {
            if (slot.field.equals(field)) {
                return slot.validValues;
            }
        }
        return null;
    }

    /** Whether the model takes the input unknown (it imputes it). */
    boolean optional(Field field) {
        for (Slot slot : slots) {
            if (slot.field.equals(field)) {
                return slot.optional;
            }
        }
        return false;
    }

    private static final class Slot {
        final String name;
        final Field field;
        final boolean optional;
        final Set<String> validValues;

        Slot(String name, Field field, boolean optional, Set<String> validValues) {
            this.name = name;
            this.field = field;
            this.optional = optional;
            this.validValues = validValues;
        }

        Object check(CustomerRecord record) throws ScoringException {
            Object value = record.get(field);
            if (value == null) {
                if (optional) {
                    return null;
                }
                throw new ScoringException("required field " + name + " is missing");
            }
            if (validValues == null) {
                if (value instanceof Double d && !Double.isFinite(d)) {
                    throw new ScoringException("field " + name + " is not a finite number: " + d);
                }
                return value;
            }
            if (!validValues.contains(value)) {
                throw new ScoringException("field " + name + " has a category the model does not know: '" + abbreviate(value) + "'");
            }
            return value;
        }

        private static String abbreviate(Object value) {
            String text = String.valueOf(value);
            return text.length() <= 64 ? text : text.substring(0, 64) + "...";
        }
    }
}
