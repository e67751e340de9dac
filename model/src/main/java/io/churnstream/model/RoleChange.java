package io.churnstream.model;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.churnstream.common.json.Json;
import io.churnstream.common.record.EventTime;

/**
 * A control record of the models topic: from now on {@code version} is the {@code role} (active or shadow; a null
 * version means no shadow). Keyed {@code @active} or {@code @shadow}, so compaction keeps the latest of each; the
 * value is {@code {"type":"role","role":...,"version":...,"updated_ts":...}}.
 */
public record RoleChange(ModelRole role, String version, String updatedTs) {

    static final String TYPE = "role";
    private static final String KEY_PREFIX = "@";

    public RoleChange {
        if (role == ModelRole.INACTIVE || role == ModelRole.ACTIVE && version == null) {
            throw new IllegalArgumentException("a role change names an active version, or a shadow version or none");
        }
    }

    public static RoleChange of(ModelRole role, String version, Instant now) {
        return new RoleChange(role, version, EventTime.format(now));
    }

    /** The record key of changes of {@code role}. */
    public static String key(ModelRole role) {
        return KEY_PREFIX + role.wireName();
    }

    public String key() {
        return key(role);
    }

    /** Whether a key of the models topic is a control record's rather than a version's. */
    public static boolean isControlKey(String key) {
        return key.startsWith(KEY_PREFIX);
    }

    public byte[] encode() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", TYPE);
        value.put("role", role.wireName());
        value.put("version", version);
        value.put("updated_ts", updatedTs);
        return Json.write(value);
    }

    /** The change in a control record keyed {@code key}; refused as {@link RefusalReason#UNPARSEABLE} when it is none. */
    public static RoleChange decode(String key, byte[] value) {
        JsonNode json;
        try {
            json = value == null ? null : Json.parse(value);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject() || !TYPE.equals(json.path("type").asText())) {
            throw unparseable(key, "not a role change (\"type\": \"" + TYPE + "\")");
        }
        ModelRole role = ModelRole.ofWireName(json.path("role").asText());
        if (role == null || role == ModelRole.INACTIVE || !key(role).equals(key)) {
            throw unparseable(key, "its role is not the " + key.substring(KEY_PREFIX.length()) + " its key names");
        }
        JsonNode version = json.path("version");
        if (!(version.isTextual() || version.isNull() && role == ModelRole.SHADOW)) {
            throw unparseable(key, "\"version\" is missing or not text");
        }
        return new RoleChange(role, version.isNull() ? null : version.asText(), json.path("updated_ts").asText(""));
    }

    private static ModelLoadException unparseable(String key, String why) {
        return new ModelLoadException(RefusalReason.UNPARSEABLE, "record " + key + " of the models topic: " + why);
    }
}
