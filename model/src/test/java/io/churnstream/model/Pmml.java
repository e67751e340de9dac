package io.churnstream.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnstream.common.json.Json;

/** The committed models and their cards, as text to derive variants from, and as releases to publish. */
final class Pmml {

    static final Path CHALLENGER_DIR = Path.of("challenger");
    static final Instant PUBLISHED = Instant.parse("2026-11-30T12:00:00Z");

    private Pmml() {
    }

    static String bundled() {
        return new String(resource(ChurnModel.BUNDLED_PMML), StandardCharsets.UTF_8);
    }

    static JsonNode bundledCard() {
        return json(resource(ModelCard.FILE_NAME));
    }

    static String challenger() {
        return read(CHALLENGER_DIR.resolve("churn-gbm-challenger.pmml"));
    }

    static JsonNode challengerCard() {
        return json(read(CHALLENGER_DIR.resolve(ModelCard.FILE_NAME)).getBytes(StandardCharsets.UTF_8));
    }

    static ModelRelease release(String pmml, JsonNode card) {
        return ModelRelease.of(pmml.getBytes(StandardCharsets.UTF_8), card, ModelRole.INACTIVE, PUBLISHED);
    }

    /** {@code text} with the first {@code target} replaced; fails if there is none, so a retrained model is noticed. */
    static String replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        if (at < 0) {
            throw new AssertionError("the model no longer contains " + target);
        }
        return text.substring(0, at) + replacement + text.substring(at + target.length());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.parse(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ChurnModel.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
