package io.churnstream.consumer.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.churnstream.model.ModelRelease;
import io.churnstream.model.ModelRole;

/** The committed models, and bad ones derived from them, as files to publish or records to write raw. */
public final class TestModels {

    public static final Path BUNDLED = Path.of("..", "model", "src", "main", "resources", "io", "churnstream", "model",
            "churn-gbm.pmml");
    public static final Path CHALLENGER = Path.of("..", "model", "challenger", "churn-gbm-challenger.pmml");

    /** A logistic regression on tenure and Complaints, a field the customer contract does not have. */
    public static final Path FOREIGN = Path.of("..", "model", "src", "test", "resources", "io", "churnstream", "model",
            "foreign-contract.pmml");

    private TestModels() {
    }

    /** The bundled PMML cut off after 5,000 bytes: no longer XML. */
    public static Path broken(Path dir) {
        return write(dir.resolve("broken.pmml"), new String(bytes(BUNDLED), StandardCharsets.UTF_8).substring(0, 5_000));
    }

    /** A model of another customer contract. */
    public static Path foreign(Path dir) {
        return write(dir.resolve("foreign.pmml"), new String(bytes(FOREIGN), StandardCharsets.UTF_8));
    }

    /** The bundled PMML without its ModelVerification rows. */
    public static Path unverified(Path dir) {
        return write(dir.resolve("unverified.pmml"), new String(bytes(BUNDLED), StandardCharsets.UTF_8)
                .replaceAll("<ModelVerification.*</ModelVerification>", ""));
    }

    /** The release of a PMML file with its card, as {@code model publish} would write it without checking it. */
    public static ModelRelease release(Path pmml, ModelRole role) {
        return ModelRelease.of(bytes(pmml), ModelRelease.cardOf(pmml), role, Instant.now());
    }

    /** The release of a PMML file under another name: the same model, another version. */
    public static ModelRelease releaseNamed(Path pmml, String name, ModelRole role) {
        com.fasterxml.jackson.databind.node.ObjectNode card =
                (com.fasterxml.jackson.databind.node.ObjectNode) ModelRelease.cardOf(pmml).deepCopy();
        card.put("name", name);
        return ModelRelease.of(bytes(pmml), card, role, Instant.now());
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
