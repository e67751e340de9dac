package io.churnstream.common.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.churnstream.common.json.Json;

/**
 * Validates the three message types against the JSON Schemas in {@code /schemas}.
 * Each error names the field and the problem, e.g. {@code tenure: must be >= 0, got -3}. Thread-safe.
 */
public final class MessageValidator {

    private static final MessageValidator CUSTOMER = load("/schemas/customer.schema.json");
    private static final MessageValidator PREDICTION = load("/schemas/prediction.schema.json");
    private static final MessageValidator DEAD_LETTER = load("/schemas/deadletter.schema.json");

    private final JsonSchema schema;

    private MessageValidator(JsonSchema schema) {
        this.schema = schema;
    }

    public static MessageValidator customer() {
        return CUSTOMER;
    }

    public static MessageValidator prediction() {
        return PREDICTION;
    }

    public static MessageValidator deadLetter() {
        return DEAD_LETTER;
    }

    /** A validator of another JSON Schema (2020-12) on the classpath, such as a partner system's. */
    public static MessageValidator load(String classpathResource) {
        return of(tree(classpathResource));
    }

    /** A validator of a JSON Schema (2020-12) given as a tree. */
    public static MessageValidator of(JsonNode schema) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .build();
        return new MessageValidator(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, config));
    }

    /** The bundled customer schema as a tree, to build a variant of the contract from. */
    public static JsonNode customerSchemaTree() {
        return schemaTree("customer.schema.json");
    }

    /** Field errors of {@code message}; empty when it is valid. */
    public List<String> validate(JsonNode message) {
        return describe(schema.validate(message));
    }

    /** Field errors of any object serialised with the project's mapper. */
    public List<String> validateValue(Object value) {
        return validate(Json.toTree(value));
    }

    private static List<String> describe(Collection<ValidationMessage> messages) {
        List<String> errors = new ArrayList<>(messages.size());
        for (ValidationMessage m : messages) {
            errors.add(ValidationErrors.describe(m));
        }
        errors.sort(null);
        return errors;
    }

    /** The JSON of {@code /schemas/<resource>}. */
    static JsonNode schemaTree(String resource) {
        return tree("/schemas/" + resource);
    }

    private static JsonNode tree(String path) {
        try (InputStream in = MessageValidator.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema " + path + " is not on the classpath");
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + path, e);
        }
    }
}
