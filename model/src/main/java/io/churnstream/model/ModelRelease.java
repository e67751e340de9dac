package io.churnstream.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.churnstream.common.json.Json;
import io.churnstream.common.record.EventTime;

/**
 * One model version as the models topic carries it, in the value of the record keyed by {@code version}: one JSON
 * object, {@code {"type":"model","version":...,"sha256":...,"published_ts":...,"role":...,"card":{...},
 * "pmml_encoding":"gzip+base64","pmml":"..."}}. The version is the card's name and the first 8 hex digits of the
 * PMML's SHA-256; {@code role} is the role it was published with (a later {@link RoleChange} may change it).
 */
public record ModelRelease(String version, String sha256, String publishedTs, ModelRole role, JsonNode card,
                           byte[] pmml) {

    static final String TYPE = "model";
    static final String PMML_ENCODING = "gzip+base64";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** A PMML that inflates beyond this is refused rather than read into memory. */
    private static final int MAX_PMML_BYTES = 256 << 20;

    /** A release of {@code pmml} with {@code card}; refused when the card's name cannot be part of a version id. */
    public static ModelRelease of(byte[] pmml, JsonNode card, ModelRole role, Instant published) {
        String name = card.path("name").asText("");
        if (!NAME.matcher(name).matches()) {
            throw new ModelLoadException("the model card's name '" + name + "' is not usable in a version id: "
                    + "use letters, digits, '.', '_' and '-' only (at most 101)");
        }
        String sha256 = Digest.sha256(pmml);
        return new ModelRelease(name + "-" + Digest.shortForm(sha256), sha256, EventTime.format(published), role, card,
                pmml.clone());
    }

    /** The value of this version's record. */
    public byte[] encode() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", TYPE);
        value.put("version", version);
        value.put("sha256", sha256);
        value.put("published_ts", publishedTs);
        value.put("role", role.wireName());
        value.put("card", card);
        value.put("pmml_encoding", PMML_ENCODING);
        value.put("pmml", Base64.getEncoder().encodeToString(gzip(pmml)));
        return Json.write(value);
    }

    /**
     * The release in a record of the models topic keyed {@code key}; refused as {@link RefusalReason#UNPARSEABLE} when
     * the value is no such release, as {@link RefusalReason#DIGEST_MISMATCH} when the PMML is not the one it states.
     */
    public static ModelRelease decode(String key, byte[] value) {
        JsonNode json;
        try {
            json = Json.parse(value);
        } catch (IOException e) {
            throw unparseable(key, "not JSON");
        }
        if (!json.isObject() || !TYPE.equals(json.path("type").asText())) {
            throw unparseable(key, "not a model record (\"type\": \"" + TYPE + "\")");
        }
        String version = text(json, "version", key);
        if (!version.equals(key)) {
            throw unparseable(key, "its value names version " + version);
        }
        String sha256 = text(json, "sha256", key);
        if (!SHA256.matcher(sha256).matches()) {
            throw unparseable(key, "sha256 is not 64 lower-case hex digits");
        }
        ModelRole role = ModelRole.ofWireName(text(json, "role", key));
        if (role == null) {
            throw unparseable(key, "role is not active, shadow or inactive");
        }
        JsonNode card = json.path("card");
        if (!card.isObject()) {
            throw unparseable(key, "card is not a JSON object");
        }
        if (!PMML_ENCODING.equals(json.path("pmml_encoding").asText())) {
            throw unparseable(key, "pmml_encoding is not " + PMML_ENCODING);
        }
        byte[] pmml = gunzip(key, base64(key, text(json, "pmml", key)));
        String actual = Digest.sha256(pmml);
        if (!actual.equals(sha256)) {
            throw new ModelLoadException(RefusalReason.DIGEST_MISMATCH, "version " + key + ": the PMML's SHA-256 is "
                    + actual + ", its record states " + sha256);
        }
        String expected = card.path("name").asText("") + "-" + Digest.shortForm(sha256);
        if (!version.equals(expected)) {
            throw new ModelLoadException(RefusalReason.DIGEST_MISMATCH, "version " + key + " does not carry its card's "
                    + "name and the PMML's digest: it would be " + expected);
        }
        return new ModelRelease(version, sha256, text(json, "published_ts", key), role, card, pmml);
    }

    /** The card's held-out metrics worth a column in a listing (accuracy and ROC AUC), those it has. */
    public Map<String, Double> headlineMetrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String name : new String[]{"accuracy", "roc_auc"}) {
            JsonNode value = card.path("metrics_test").path(name);
            if (value.isNumber()) {
                metrics.put(name, value.asDouble());
            }
        }
        return metrics;
    }

    /** The same release with another role, as {@code model publish --activate} or {@code --shadow} writes it. */
    public ModelRelease withRole(ModelRole newRole) {
        return new ModelRelease(version, sha256, publishedTs, newRole, card, pmml);
    }

    /**
     * The card of a PMML file: {@code model-card.json} beside it, else one with the file's name and an unknown training
     * date.
     */
    public static JsonNode cardOf(Path pmml) {
        Path card = ModelCard.beside(pmml);
        if (!Files.isRegularFile(card)) {
            return cardNamed(ModelCard.defaultName(pmml));
        }
        try {
            return Json.parse(Files.readAllBytes(card));
        } catch (IOException e) {
            throw new ModelLoadException("model card " + card + " cannot be read as JSON: " + e.getMessage(), e);
        }
    }

    /** A card for a PMML published without one: its name, and an unknown training date. */
    public static JsonNode cardNamed(String name) {
        ObjectNode card = Json.mapper().createObjectNode();
        card.put("name", name);
        card.put("trained_on", ModelCard.UNKNOWN);
        return card;
    }

    private static String text(JsonNode json, String field, String key) {
        JsonNode node = json.path(field);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw unparseable(key, "\"" + field + "\" is missing or not text");
        }
        return node.asText();
    }

    private static byte[] base64(String key, String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw unparseable(key, "pmml is not base64");
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(String key, byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            byte[] pmml = in.readNBytes(MAX_PMML_BYTES + 1);
            if (pmml.length > MAX_PMML_BYTES) {
                throw unparseable(key, "the PMML inflates beyond " + (MAX_PMML_BYTES >> 20) + " MiB");
            }
            return pmml;
        } catch (IOException e) {
            throw unparseable(key, "pmml is not gzip data");
        }
    }

    private static ModelLoadException unparseable(String key, String why) {
        return new ModelLoadException(RefusalReason.UNPARSEABLE, "record " + key + " of the models topic: " + why);
    }
}
