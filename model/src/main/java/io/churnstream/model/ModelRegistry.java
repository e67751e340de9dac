package io.churnstream.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the models topic says, read in offset order: each version published (or why its record is unreadable), which
 * version is active and which is the shadow. The latest record that names a role sets it: a release published with
 * that role, or a {@link RoleChange}. A version that becomes active stops being the shadow. A null value (tombstone)
 * under a version's key withdraws the version; it leaves the roles as they are.
 */
public final class ModelRegistry {

    /** One version's latest record: its release, or why the record could not be read. */
    public record Entry(String version, long offset, ModelRelease release, ModelLoadException problem) {

        public boolean readable() {
            return release != null;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> activeHistory = new ArrayList<>();
    private String active;
    private String shadow;

    /** Applies the record at {@code offset}; returns the problem that kept it from counting, if any. */
    public Optional<ModelLoadException> apply(String key, byte[] value, long offset) {
        if (key == null || key.isBlank()) {
            return Optional.of(new ModelLoadException(RefusalReason.UNPARSEABLE, "record at offset " + offset
                    + " of the models topic has no key"));
        }
        if (RoleChange.isControlKey(key)) {
            try {
                RoleChange change = RoleChange.decode(key, value);
                assign(change.role(), change.version());
                return Optional.empty();
            } catch (ModelLoadException e) {
                return Optional.of(e);
            }
        }
        if (value == null) {
            entries.remove(key);
            return Optional.empty();
        }
        try {
            ModelRelease release = ModelRelease.decode(key, value);
            entries.remove(key);
            entries.put(key, new Entry(key, offset, release, null));
            assign(release.role(), key);
            return Optional.empty();
        } catch (ModelLoadException e) {
            entries.remove(key);
            entries.put(key, new Entry(key, offset, null, e));
            return Optional.of(e);
        }
    }

    private void assign(ModelRole role, String version) {
        if (role == ModelRole.ACTIVE) {
            active = version;
            activeHistory.remove(version);
            activeHistory.add(version);
            if (version.equals(shadow)) {
                shadow = null;
            }
        } else if (role == ModelRole.SHADOW) {
            shadow = version;
        }
    }

    public Optional<String> active() {
        return Optional.ofNullable(active);
    }

    /** The shadow version, if any other than the active one is set. */
    public Optional<String> shadow() {
        return Optional.ofNullable(shadow).filter(v -> !v.equals(active));
    }

    public Optional<Entry> entry(String version) {
        return Optional.ofNullable(entries.get(version));
    }

    /** Every version, in the order of its latest record. */
    public Collection<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** The versions that were ever made active, the current one last; each listed once, at its latest activation. */
    public List<String> activeHistory() {
        return List.copyOf(activeHistory);
    }

    /** The role a version has now. */
    public ModelRole role(String version) {
        return version.equals(active) ? ModelRole.ACTIVE
                : shadow().filter(version::equals).isPresent() ? ModelRole.SHADOW : ModelRole.INACTIVE;
    }

    /** Whether anything was ever published: a readable or unreadable version, or a role. */
    public boolean isEmpty() {
        return entries.isEmpty() && active == null;
    }
}
