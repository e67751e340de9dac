package io.churnstream.model;

/** A PMML construct the compiled scorer does not handle; the model is then scored by jpmml-evaluator. */
final class UnsupportedModelException extends RuntimeException {

    UnsupportedModelException(String message) {
        super(message);
    }
}
