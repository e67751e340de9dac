package io.churnstream.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dmg.pmml.DataField;
import org.dmg.pmml.DataType;
import org.dmg.pmml.DerivedField;
import org.dmg.pmml.LocalTransformations;
import org.dmg.pmml.MathContext;
import org.dmg.pmml.MiningField;
import org.dmg.pmml.MiningFunction;
import org.dmg.pmml.Model;
import org.dmg.pmml.OpType;
import org.dmg.pmml.OutlierTreatmentMethod;
import org.dmg.pmml.OutputField;
import org.dmg.pmml.PMML;
import org.dmg.pmml.ResultFeature;
import org.dmg.pmml.Target;
import org.dmg.pmml.True;
import org.dmg.pmml.mining.MiningModel;
import org.dmg.pmml.mining.Segment;
import org.dmg.pmml.mining.Segmentation;
import org.dmg.pmml.regression.NumericPredictor;
import org.dmg.pmml.regression.RegressionModel;
import org.dmg.pmml.regression.RegressionTable;
import org.dmg.pmml.tree.Node;
import org.dmg.pmml.tree.TreeModel;

/**
 * A binary gradient-boosting classifier as JPMML-SkLearn exports it (a model chain of a sum of regression trees
 * with a link function, then a one-predictor regression table), compiled into flat arrays. It computes the same
 * probability as jpmml-evaluator without building an evaluation context per tree: {@link ChurnModel} uses it only
 * after checking it against jpmml-evaluator on generated customers. {@link #compile} refuses, with
 * {@link UnsupportedModelException}, any PMML outside that shape.
 */
final class CompiledEnsemble {

    private final String[] inputs;
    private final Map<String, Integer>[] categoryCodes;
    private final double[] replacements;
    private final CompiledExpression[] derived;
    private final TreeArrays trees;
    private final double rescaleFactor;
    private final double rescaleConstant;
    private final int marginSlot;
    private final CompiledExpression link;
    private final double intercept;
    private final double coefficient;

    private CompiledEnsemble(Builder b, TreeArrays trees, CompiledExpression link, double intercept,
                             double coefficient) {
        this.inputs = b.inputs;
        this.categoryCodes = b.categoryCodes;
        this.replacements = b.replacements;
        this.derived = b.derived.toArray(CompiledExpression[]::new);
        this.trees = trees;
        this.rescaleFactor = b.target.getRescaleFactor().doubleValue();
        this.rescaleConstant = b.target.getRescaleConstant().doubleValue();
        this.marginSlot = b.slots.size() - 1;
        this.link = link;
        this.intercept = intercept;
        this.coefficient = coefficient;
    }

    /** Compiles {@code pmml} for inputs given in {@code inputNames} order. */
    static CompiledEnsemble compile(PMML pmml, List<String> inputNames) {
        if (pmml.getModels().size() != 1 || !(pmml.getModels().get(0) instanceof MiningModel chain)) {
            throw new UnsupportedModelException("top-level model is not a single MiningModel");
        }
        if (pmml.getTransformationDictionary() != null
                && !pmml.getTransformationDictionary().getDerivedFields().isEmpty()) {
            throw new UnsupportedModelException("TransformationDictionary");
        }
        check(chain, MiningFunction.CLASSIFICATION, true);
        noTargetsOrTransformations(chain);
        List<Model> steps = segments(chain.getSegmentation(), Segmentation.MultipleModelMethod.MODEL_CHAIN);
        if (steps.size() != 2 || !(steps.get(0) instanceof MiningModel boosted)
                || !(steps.get(1) instanceof RegressionModel regression)) {
            throw new UnsupportedModelException("model chain is not boosted trees followed by a regression");
        }
        check(boosted, MiningFunction.REGRESSION, false);
        Builder b = new Builder(pmml, chain, inputNames);
        b.derive(boosted.getLocalTransformations());
        List<Node> roots = new ArrayList<>();
        for (Model step : segments(boosted.getSegmentation(), Segmentation.MultipleModelMethod.SUM)) {
            if (!(step instanceof TreeModel tree)) {
                throw new UnsupportedModelException("boosted segment is not a TreeModel");
            }
            check(tree, MiningFunction.REGRESSION, false);
            noTargetsOrTransformations(tree);
            if (tree.getNoTrueChildStrategy() != TreeModel.NoTrueChildStrategy.RETURN_LAST_PREDICTION) {
                throw new UnsupportedModelException("noTrueChildStrategy " + tree.getNoTrueChildStrategy());
            }
            roots.add(tree.getNode());
        }
        TreeArrays trees = new TreeArrays(roots, b);
        b.target(boosted);
        CompiledExpression link = b.link(boosted);
        double[] table = positiveTable(regression, b.linkField);
        return new CompiledEnsemble(b, trees, link, table[0], table[1]);
    }

    /**
     * P(positive class) for input values in {@code inputNames} order; NaN when it cannot tell (a missing value
     * without a replacement, a NaN score in the model), and the caller then asks jpmml-evaluator.
     */
    double probability(Object[] values) {
        double[] x = new double[marginSlot + 1];
        for (int i = 0; i < inputs.length; i++) {
            Object value = values[i];
            if (value == null) {
                if (Double.isNaN(replacements[i])) {
                    return Double.NaN;
                }
                x[i] = replacements[i];
            } else if (categoryCodes[i] != null) {
                Integer code = categoryCodes[i].get(value);
                x[i] = code == null ? -1 : code;
            } else {
                x[i] = ((Number) value).doubleValue();
            }
        }
        for (int d = 0; d < derived.length; d++) {
            x[inputs.length + d] = derived[d].eval(x);
        }
        x[marginSlot] = rescale(trees.sum(x));
        return intercept + coefficient * link.eval(x);
    }

    private double rescale(double value) {
        if (rescaleFactor != 1.0) {
            value *= rescaleFactor;
        }
        if (rescaleConstant != 0.0) {
            value += rescaleConstant;
        }
        return value;
    }

    private static List<Model> segments(Segmentation segmentation, Segmentation.MultipleModelMethod method) {
        if (segmentation == null || segmentation.getMultipleModelMethod() != method) {
            throw new UnsupportedModelException("segmentation is not " + method);
        }
        List<Model> models = new ArrayList<>();
        for (Segment segment : segmentation.getSegments()) {
            if (!(segment.getPredicate() instanceof True)) {
                throw new UnsupportedModelException("segment with a predicate other than True");
            }
            models.add(segment.getModel());
        }
        return models;
    }

    /** Checks the function, double math, and that only the top of the chain treats missing values. */
    private static void check(Model model, MiningFunction function, boolean replacements) {
        String kind = model.getClass().getSimpleName();
        if (model.getMiningFunction() != function || model.getMathContext() != MathContext.DOUBLE) {
            throw new UnsupportedModelException(kind + " " + model.getMiningFunction() + " " + model.getMathContext());
        }
        for (MiningField field : model.getMiningSchema().getMiningFields()) {
            if ((!replacements && field.getMissingValueReplacement() != null) || field.getInvalidValueReplacement() != null
                    || field.getLowValue() != null || field.getHighValue() != null
                    || (field.getOutlierTreatment() != null && field.getOutlierTreatment() != OutlierTreatmentMethod.AS_IS)) {
                throw new UnsupportedModelException("value treatment of " + field.getName() + " in " + kind);
            }
        }
    }

    private static void noTargetsOrTransformations(Model model) {
        if ((model.getTargets() != null && !model.getTargets().getTargets().isEmpty())
                || (model.getLocalTransformations() != null
                && !model.getLocalTransformations().getDerivedFields().isEmpty())) {
            throw new UnsupportedModelException("Targets or LocalTransformations on " + model.getClass().getSimpleName());
        }
    }

    /** Intercept and coefficient of the positive class's table, given the other class's table is zero. */
    private static double[] positiveTable(RegressionModel regression, String linkField) {
        check(regression, MiningFunction.CLASSIFICATION, false);
        noTargetsOrTransformations(regression);
        if (regression.getNormalizationMethod() != RegressionModel.NormalizationMethod.NONE
                || regression.getRegressionTables().size() != 2) {
            throw new UnsupportedModelException("regression step is not two tables without normalization");
        }
        double[] positive = null;
        for (RegressionTable table : regression.getRegressionTables()) {
            boolean hasPredictors = !table.getCategoricalPredictors().isEmpty() || !table.getPredictorTerms().isEmpty();
            if (ChurnModel.POSITIVE.equals(String.valueOf(table.getTargetCategory())) && !hasPredictors
                    && table.getNumericPredictors().size() == 1) {
                NumericPredictor predictor = table.getNumericPredictors().get(0);
                if (!linkField.equals(predictor.getField()) || predictor.getExponent().intValue() != 1) {
                    throw new UnsupportedModelException("regression step does not read " + linkField);
                }
                positive = new double[] {table.getIntercept().doubleValue(), predictor.getCoefficient().doubleValue()};
            } else if (!ChurnModel.NEGATIVE.equals(String.valueOf(table.getTargetCategory())) || hasPredictors
                    || !table.getNumericPredictors().isEmpty() || table.getIntercept().doubleValue() != 0.0) {
                throw new UnsupportedModelException("regression table for " + table.getTargetCategory());
            }
        }
        if (positive == null) {
            throw new UnsupportedModelException("no regression table for " + ChurnModel.POSITIVE);
        }
        return positive;
    }

    /** Slot layout: inputs, then derived fields, then the boosted margin. Resolves tree predicates to operands. */
    private static final class Builder implements TreeArrays.Operands {
        final String[] inputs;
        final Map<String, Integer>[] categoryCodes;
        final double[] replacements;
        final Map<String, Integer> slots = new HashMap<>();
        final Map<String, DataType> types = new HashMap<>();
        final List<CompiledExpression> derived = new ArrayList<>();
        Target target;
        String linkField;

        @SuppressWarnings("unchecked")
        Builder(PMML pmml, MiningModel chain, List<String> inputNames) {
            inputs = inputNames.toArray(String[]::new);
            categoryCodes = new Map[inputs.length];
            replacements = new double[inputs.length];
            Map<String, DataField> dictionary = new HashMap<>();
            pmml.getDataDictionary().getDataFields().forEach(f -> dictionary.put(f.getName(), f));
            Map<String, MiningField> schema = new HashMap<>();
            chain.getMiningSchema().getMiningFields().forEach(f -> schema.put(f.getName(), f));
            for (int i = 0; i < inputs.length; i++) {
                DataField field = dictionary.get(inputs[i]);
                if (field == null) {
                    throw new UnsupportedModelException("input " + inputs[i] + " has no DataField");
                }
                slots.put(inputs[i], i);
                types.put(inputs[i], field.getDataType());
                MiningField mining = schema.get(inputs[i]);
                Object replacement = mining == null ? null : mining.getMissingValueReplacement();
                if (field.getOpType() == OpType.CATEGORICAL && field.getDataType() == DataType.STRING) {
                    categoryCodes[i] = new HashMap<>();
                    for (org.dmg.pmml.Value value : field.getValues()) {
                        code(inputs[i], String.valueOf(value.getValue()));
                    }
                    if (replacement != null) {
                        throw new UnsupportedModelException("missing-value replacement on categorical " + inputs[i]);
                    }
                    replacements[i] = Double.NaN;
                } else if (field.getOpType() == OpType.CONTINUOUS && field.getDataType() == DataType.DOUBLE
                        && !field.hasIntervals()) {
                    replacements[i] = replacement == null ? Double.NaN : Double.parseDouble(String.valueOf(replacement));
                } else {
                    throw new UnsupportedModelException("input " + inputs[i] + " of type " + field.getOpType() + " "
                            + field.getDataType());
                }
            }
        }

        void derive(LocalTransformations transformations) {
            if (transformations == null) {
                return;
            }
            for (DerivedField field : transformations.getDerivedFields()) {
                CompiledExpression expression = CompiledExpression.compile(field.getExpression(), slots);
                CompiledExpression typed = switch (field.getDataType()) {
                    case DOUBLE -> expression;
                    case FLOAT -> x -> (float) expression.eval(x);
                    default -> throw new UnsupportedModelException("derived field of type " + field.getDataType());
                };
                if (field.getOpType() != OpType.CONTINUOUS) {
                    throw new UnsupportedModelException("derived field " + field.getName() + " is not continuous");
                }
                slots.put(field.getName(), slots.size());
                types.put(field.getName(), field.getDataType());
                derived.add(typed);
            }
        }

        void target(MiningModel boosted) {
            if (boosted.getTargets() == null || boosted.getTargets().getTargets().size() != 1) {
                throw new UnsupportedModelException("boosted model without exactly one Target");
            }
            Target t = boosted.getTargets().getTargets().get(0);
            if (t.getCastInteger() != null || t.getMin() != null || t.getMax() != null || !t.getTargetValues().isEmpty()) {
                throw new UnsupportedModelException("Target with casting, bounds or values");
            }
            target = t;
        }

        /** The link from the margin (the predicted value) to the score the regression step reads. */
        CompiledExpression link(MiningModel boosted) {
            String margin = null;
            OutputField transformed = null;
            for (OutputField field : boosted.getOutput().getOutputFields()) {
                if (field.getResultFeature() == ResultFeature.PREDICTED_VALUE && margin == null) {
                    margin = field.getName();
                } else if (field.getResultFeature() == ResultFeature.TRANSFORMED_VALUE && transformed == null) {
                    transformed = field;
                } else {
                    throw new UnsupportedModelException("output field " + field.getName());
                }
            }
            if (margin == null || transformed == null || transformed.getDataType() != DataType.DOUBLE) {
                throw new UnsupportedModelException("boosted model output is not a margin and a double link");
            }
            slots.put(margin, slots.size());
            linkField = transformed.getName();
            return CompiledExpression.compile(transformed.getExpression(), slots);
        }

        @Override
        public int slot(String field) {
            return CompiledExpression.slot(slots, field);
        }

        @Override
        public double operand(String field, Object value) {
            int slot = slot(field);
            if (slot < inputs.length && categoryCodes[slot] != null) {
                return code(field, String.valueOf(value));
            }
            String text = String.valueOf(value);
            return switch (types.get(field)) {
                case FLOAT -> Float.parseFloat(text);
                case DOUBLE -> Double.parseDouble(text);
                default -> throw new UnsupportedModelException("predicate on " + field + " of " + types.get(field));
            };
        }

        /** Keys are interned: the decoder's category values are string constants, so a lookup matches by identity. */
        private int code(String field, String category) {
            Map<String, Integer> codes = categoryCodes[slots.get(field)];
            return codes.computeIfAbsent(category.intern(), c -> codes.size());
        }
    }
}
