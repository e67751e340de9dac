package io.churnstream.systemtests;

import static io.churnstream.common.record.CustomerFields.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.churnstream.common.record.CustomerRecord;

/**
 * A PMML derived from the bundled model that fails for some customers in two ways: it no longer knows the
 * PaymentMethod category "Mailed check" (the model refuses an unknown category), and its first tree scores NaN for
 * customers with tenure 0 (the evaluator refuses the invalid value). The synthetic customers the model warms up with
 * on loading avoid both, so it loads; the bundled model's verification rows are left out, as they would fail.
 */
final class FaultyModel {

    static final Path BUNDLED = Path.of("..", "model", "src", "main", "resources", "io", "churnstream", "model", "churn-gbm.pmml");
    static final String UNKNOWN_PAYMENT_METHOD = "Mailed check";

    private FaultyModel() {
    }

    /** Whether the derived model must fail to score {@code customer}. */
    static boolean refuses(CustomerRecord customer) {
        return UNKNOWN_PAYMENT_METHOD.equals(customer.text(PAYMENT_METHOD)) || scoresNaN(customer);
    }

    static boolean scoresNaN(CustomerRecord customer) {
        return customer.integer(TENURE) == 0;
    }

    /** Writes the derived PMML into {@code dir} and returns its path. */
    static Path write(Path dir) throws IOException {
        String pmml = Files.readString(BUNDLED, StandardCharsets.UTF_8)
                .replaceAll("<ModelVerification.*</ModelVerification>", "");   // rows of the model it derives from
        pmml = replaceOnce(pmml, "<Value value=\"" + UNKNOWN_PAYMENT_METHOD + "\"/></DataField>", "</DataField>");
        int firstTree = pmml.indexOf("<TreeModel ");
        String before = pmml.substring(0, firstTree);
        String tree = pmml.substring(firstTree);
        tree = replaceOnce(tree, "</MiningSchema>", "<MiningField name=\"tenure\"/></MiningSchema>");
        tree = replaceOnce(tree, "<True/>", "<True/><Node score=\"NaN\">"
                + "<SimplePredicate field=\"tenure\" operator=\"lessOrEqual\" value=\"0\"/></Node>");
        Path file = dir.resolve("churn-gbm-faulty.pmml");
        Files.writeString(file, before + tree, StandardCharsets.UTF_8);
        return file;
    }

    /** Replaces the first occurrence of {@code target}; fails if there is none, so a changed bundled model is noticed. */
    private static String replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        if (at < 0) {
            throw new AssertionError("the bundled model no longer contains " + target + "; update FaultyModel");
        }
        return text.substring(0, at) + replacement + text.substring(at + target.length());
    }
}
