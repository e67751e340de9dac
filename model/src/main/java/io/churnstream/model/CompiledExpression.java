package io.churnstream.model;

import java.util.List;
import java.util.Map;

import org.dmg.pmml.Apply;
import org.dmg.pmml.Constant;
import org.dmg.pmml.DataType;
import org.dmg.pmml.Expression;
import org.dmg.pmml.FieldRef;

/** The arithmetic subset of PMML expressions (constants, field references, + - * / and exp) over a slot array. */
@FunctionalInterface
interface CompiledExpression {

    double eval(double[] slots);

    /** Compiles {@code expression}, resolving field names through {@code slots}; refuses anything else. */
    static CompiledExpression compile(Expression expression, Map<String, Integer> slots) {
        if (expression instanceof Constant constant) {
            if (constant.isMissing() || constant.getValue() == null
                    || (constant.getDataType() != null && constant.getDataType() != DataType.DOUBLE)) {
                throw new UnsupportedModelException("constant that is not a double: " + constant.getValue());
            }
            double value = Double.parseDouble(String.valueOf(constant.getValue()));
            return x -> value;
        }
        if (expression instanceof FieldRef ref) {
            if (ref.getMapMissingTo() != null) {
                throw new UnsupportedModelException("FieldRef with mapMissingTo");
            }
            int slot = slot(slots, ref.getField());
            return x -> x[slot];
        }
        if (expression instanceof Apply apply) {
            return compileApply(apply, slots);
        }
        throw new UnsupportedModelException("expression " + expression.getClass().getSimpleName());
    }

    private static CompiledExpression compileApply(Apply apply, Map<String, Integer> slots) {
        if (apply.getMapMissingTo() != null || apply.getDefaultValue() != null) {
            throw new UnsupportedModelException("Apply with mapMissingTo or defaultValue");
        }
        List<Expression> args = apply.getExpressions();
        String function = apply.getFunction();
        if ("exp".equals(function) && args.size() == 1) {
            CompiledExpression a = compile(args.get(0), slots);
            return x -> Math.exp(a.eval(x));
        }
        if (args.size() != 2) {
            throw new UnsupportedModelException("function " + function + " with " + args.size() + " arguments");
        }
        CompiledExpression a = compile(args.get(0), slots);
        CompiledExpression b = compile(args.get(1), slots);
        return switch (function) {
            case "+" -> x -> a.eval(x) + b.eval(x);
            case "-" -> x -> a.eval(x) - b.eval(x);
            case "*" -> x -> a.eval(x) * b.eval(x);
            case "/" -> x -> a.eval(x) / b.eval(x);
            default -> throw new UnsupportedModelException("function " + function);
        };
    }

    static int slot(Map<String, Integer> slots, String field) {
        Integer slot = slots.get(field);
        if (slot == null) {
            throw new UnsupportedModelException("reference to field '" + field + "' before it is defined");
        }
        return slot;
    }
}
