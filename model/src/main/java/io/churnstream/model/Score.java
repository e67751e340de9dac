package io.churnstream.model;

/** One scoring result: P(Churn = "Yes") and the label it yields at the model's threshold ("Yes" or "No"). */
public record Score(double probability, String label) {

    /** Whether the label is the churn class. */
    public boolean churn() {
        return ChurnModel.POSITIVE.equals(label);
    }
}
