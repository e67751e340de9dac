package io.churnstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnstream.common.json.Json;
import org.junit.jupiter.api.Test;

class ModelReleaseTest {

    private final ModelRelease release = Pmml.release(Pmml.bundled(), Pmml.bundledCard()).withRole(ModelRole.ACTIVE);

    @Test
    void should_name_the_version_by_card_name_and_pmml_digest_as_the_model_names_itself() {
        ChurnModel model = ChurnModel.bundled(ChurnModel.DEFAULT_THRESHOLD);

        assertThat(release.version()).isEqualTo(model.version().id()).matches("churn-gbm-[0-9a-f]{8}");
        assertThat(release.sha256()).hasSize(64).startsWith(model.version().contentHash());
        assertThat(release.publishedTs()).isEqualTo("2026-11-30T12:00:00.000Z");
    }

    @Test
    void should_read_back_what_it_writes() {
        ModelRelease read = ModelRelease.decode(release.version(), release.encode());

        assertThat(read.version()).isEqualTo(release.version());
        assertThat(read.sha256()).isEqualTo(release.sha256());
        assertThat(read.publishedTs()).isEqualTo(release.publishedTs());
        assertThat(read.role()).isEqualTo(ModelRole.ACTIVE);
        assertThat(read.card()).isEqualTo(Pmml.bundledCard());
        assertThat(read.pmml()).isEqualTo(Pmml.bundled().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_carry_the_pmml_compressed() {
        assertThat(release.encode().length).as("bytes of the record value")
                .isLessThan(Pmml.bundled().length() / 3);
    }

    @Test
    void should_give_the_headline_metrics_of_the_card() {
        assertThat(release.headlineMetrics()).containsOnlyKeys("accuracy", "roc_auc")
                .containsEntry("accuracy", Pmml.bundledCard().at("/metrics_test/accuracy").asDouble());
    }

    @Test
    void should_refuse_a_pmml_other_than_the_one_its_digest_names() throws Exception {
        ObjectNode value = envelope();
        value.put("pmml", Base64.getEncoder().encodeToString(gzip(Pmml.challenger())));

        assertRefused(release.version(), Json.write(value), RefusalReason.DIGEST_MISMATCH, "SHA-256 is");
    }

    @Test
    void should_refuse_a_version_id_that_does_not_carry_the_digest() throws Exception {
        ObjectNode value = envelope();
        value.put("version", "churn-gbm-00000000");

        assertRefused("churn-gbm-00000000", Json.write(value), RefusalReason.DIGEST_MISMATCH, "would be " + release.version());
    }

    @Test
    void should_refuse_records_that_are_no_model_release() throws Exception {
        String version = release.version();
        assertRefused(version, "not json".getBytes(StandardCharsets.UTF_8), RefusalReason.UNPARSEABLE, "not JSON");
        assertRefused("other-version", release.encode(), RefusalReason.UNPARSEABLE, "names version " + version);
        assertRefused(version, Json.write(envelope().put("type", "role")), RefusalReason.UNPARSEABLE, "not a model record");
        assertRefused(version, Json.write(envelope().put("pmml_encoding", "zstd")), RefusalReason.UNPARSEABLE, "gzip+base64");
        assertRefused(version, Json.write(envelope().put("pmml", "%%%")), RefusalReason.UNPARSEABLE, "not base64");
        assertRefused(version, Json.write(envelope().put("pmml", Base64.getEncoder().encodeToString(new byte[]{1, 2, 3}))),
                RefusalReason.UNPARSEABLE, "not gzip");
        assertRefused(version, Json.write(envelope().put("role", "champion")), RefusalReason.UNPARSEABLE, "role");
        assertRefused(version, Json.write(envelope().put("sha256", "ABC")), RefusalReason.UNPARSEABLE, "sha256");
        ObjectNode noCard = envelope();
        noCard.remove("card");
        assertRefused(version, Json.write(noCard), RefusalReason.UNPARSEABLE, "card");
    }

    @Test
    void should_refuse_a_card_name_that_cannot_be_part_of_a_version() {
        ObjectNode card = Pmml.bundledCard().deepCopy();
        card.put("name", "churn gbm");

        assertThatThrownBy(() -> Pmml.release(Pmml.bundled(), card)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'churn gbm'");
    }

    private ObjectNode envelope() throws Exception {
        return (ObjectNode) Json.parse(release.encode());
    }

    private static byte[] gzip(String text) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void assertRefused(String key, byte[] value, RefusalReason reason, String message) {
        assertThatThrownBy(() -> ModelRelease.decode(key, value)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(message).extracting(e -> ((ModelLoadException) e).reason()).isEqualTo(reason);
    }
}
