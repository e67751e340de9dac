package io.churnstream.model;

import java.util.ArrayList;
import java.util.List;

import org.jpmml.evaluator.Evaluator;
import org.jpmml.evaluator.ModelEvaluator;

import io.churnstream.common.record.CustomerFields;
import io.churnstream.common.record.CustomerRecord;
import io.churnstream.common.synthetic.SyntheticCustomers;

/**
 * The outcome of compiling a model: the compiled scorer, or null when jpmml-evaluator scores every record, and a
 * line saying which and why. A compiled scorer is kept only if it agrees with jpmml-evaluator to within
 * {@value #TOLERANCE} on every one of {@value #CHECKED} generated customers, at least half of which it could score;
 * {@code disagrees} says it compiled but gave another probability.
 */
record Compilation(CompiledEnsemble scorer, String description, boolean disagrees, int compared, double worst) {

    static final int CHECKED = 2_000;
    static final double TOLERANCE = 1e-12;
    private static final long CHECK_SEED = 7_043L;

    static final Compilation NONE = new Compilation(null, "jpmml-evaluator", false, 0, 0.0);
    static final Compilation REQUESTED = new Compilation(null, "jpmml-evaluator (as requested)", false, 0, 0.0);

    static Compilation attempt(Evaluator evaluator, InputSchema schema, ChurnModel reference) {
        if (!(evaluator instanceof ModelEvaluator<?> modelEvaluator)) {
            return fallback("evaluator exposes no PMML");
        }
        CompiledEnsemble compiled;
        try {
            compiled = CompiledEnsemble.compile(modelEvaluator.getPMML(), schema.names());
        } catch (UnsupportedModelException e) {
            return fallback("unsupported PMML: " + e.getMessage());
        }
        double worst = 0.0;
        int compared = 0;
        for (CustomerRecord customer : checkCustomers(schema, reference.table())) {
            double expected;
            double actual;
            try {
                expected = reference.referenceProbability(customer);
                actual = compiled.probability(schema.values(customer));
            } catch (ScoringException e) {
                continue;
            }
            double difference = Math.abs(expected - actual);
            if (!(difference <= TOLERANCE)) {
                return new Compilation(null, "jpmml-evaluator (compiled scorer not used: differs from jpmml-evaluator by "
                        + difference + " for customer " + customer.customerId() + ")", true, 0, 0.0);
            }
            worst = Math.max(worst, difference);
            compared++;
        }
        if (compared < CHECKED / 2) {
            return fallback("only " + compared + " generated customers could be scored to check it");
        }
        return new Compilation(compiled, String.format("compiled tree ensemble (agrees with jpmml-evaluator on %,d"
                + " generated customers, largest difference %.1e)", compared, worst), false, compared, worst);
    }

    /**
     * The compiled scorer of a PMML whose {@link #attempt} passed with this very scorer build, as {@code entry}
     * records: compiled again, not compared again.
     */
    static Compilation checkedBefore(Evaluator evaluator, InputSchema schema, ModelCache.Entry entry, ModelCache cache) {
        if (!(evaluator instanceof ModelEvaluator<?> modelEvaluator)) {
            return fallback("evaluator exposes no PMML");
        }
        try {
            CompiledEnsemble compiled = CompiledEnsemble.compile(modelEvaluator.getPMML(), schema.names());
            return new Compilation(compiled, String.format("compiled tree ensemble (agreed with jpmml-evaluator on %,d"
                    + " generated customers, largest difference %.1e, when this PMML was first checked by this build;"
                    + " model cache %s)", entry.compared(), entry.worst(), cache), false, entry.compared(), entry.worst());
        } catch (UnsupportedModelException e) {
            return fallback("unsupported PMML: " + e.getMessage());
        }
    }

    /** The synthetic customers of the model's inputs, then generated ones (of the Telco contract only). */
    private static List<CustomerRecord> checkCustomers(InputSchema schema, CustomerFields table) {
        List<CustomerRecord> customers = new ArrayList<>(ChurnModel.syntheticCustomers(schema, table));
        SyntheticCustomers generator = new SyntheticCustomers(CHECK_SEED);
        while (table.equals(CustomerFields.TELCO) && customers.size() < CHECKED) {
            customers.add(generator.next());
        }
        return customers;
    }

    private static Compilation fallback(String reason) {
        return new Compilation(null, "jpmml-evaluator (compiled scorer not used: " + reason + ")", false, 0, 0.0);
    }
}
