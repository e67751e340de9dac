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
    private static final String FOREIGN = """
            <PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
              <Header/>
              <DataDictionary>
                <DataField name="Churn" optype="categorical" dataType="string"><Value value="No"/><Value value="Yes"/></DataField>
                <DataField name="tenure" optype="continuous" dataType="double"/>
                <DataField name="Complaints" optype="continuous" dataType="double"/>
              </DataDictionary>
              <RegressionModel functionName="classification" normalizationMethod="softmax">
                <MiningSchema>
                  <MiningField name="Churn" usageType="target"/><MiningField name="tenure"/><MiningField name="Complaints"/>
                </MiningSchema>
                <RegressionTable targetCategory="Yes" intercept="-1.0">
                  <NumericPredictor name="tenure" coefficient="-0.05"/><NumericPredictor name="Complaints" coefficient="0.8"/>
                </RegressionTable>
                <RegressionTable targetCategory="No" intercept="0.0"/>
              </RegressionModel>
            </PMML>
            """;

    private TestModels() {
    }

    /** The bundled PMML cut off after 5,000 bytes: no longer XML. */
    public static Path broken(Path dir) {
        return write(dir.resolve("broken.pmml"), new String(bytes(BUNDLED), StandardCharsets.UTF_8).substring(0, 5_000));
    }

    /** A model of another customer contract. */
    public static Path foreign(Path dir) {
        return write(dir.resolve("foreign.pmml"), FOREIGN);
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
