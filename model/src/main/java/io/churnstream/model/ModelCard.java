package io.churnstream.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import io.churnstream.common.json.Json;

/**
 * The parts of model-card.json (written by model/train.py) that identify a model, and its training population's
 * profile (null when the card has none).
 */
record ModelCard(String name, String trainedOn, ReferenceProfile profile) {

    static final String FILE_NAME = "model-card.json";
    static final String UNKNOWN = "unknown";

    static ModelCard read(InputStream in, String where) {
        try {
            return of(Json.mapper().readTree(in), where);
        } catch (IOException e) {
            throw new ModelLoadException("model card " + where + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The card as parsed JSON; refused unless it names the model and its training date. */
    static ModelCard of(JsonNode card, String where) {
        String name = card.path("name").asText("");
        String trainedOn = card.path("trained_on").asText("");
        if (!card.isObject() || name.isBlank() || trainedOn.isBlank()) {
            throw new ModelLoadException("model card " + where + " lacks 'name' or 'trained_on'");
        }
        JsonNode profile = card.path("reference_profile");
        return new ModelCard(name, trainedOn, profile.isObject() ? ReferenceProfile.read(profile, where) : null);
    }

    /** The card beside {@code pmml}, or its file name and "unknown" when there is none. */
    static ModelCard besides(Path pmml) {
        Path card = beside(pmml);
        if (!Files.isRegularFile(card)) {
            return new ModelCard(defaultName(pmml), UNKNOWN, null);
        }
        try (InputStream in = Files.newInputStream(card)) {
            return read(in, card.toString());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model card " + card + ": " + e.getMessage(), e);
        }
    }

    /** Where the card of {@code pmml} is looked for: {@value #FILE_NAME} in its directory. */
    static Path beside(Path pmml) {
        return pmml.toAbsolutePath().resolveSibling(FILE_NAME);
    }

    /** The name of a model without a card: its file name without {@code .pmml}. */
    static String defaultName(Path pmml) {
        String file = pmml.getFileName().toString();
        return file.endsWith(".pmml") ? file.substring(0, file.length() - 5) : file;
    }
}
