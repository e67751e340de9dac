package io.churnstream.model;

import java.util.Locale;

/** What consumers do with a published model version. */
public enum ModelRole {
    /** Scores every record. */
    ACTIVE,
    /** Scores every record beside the active version; its predictions go to the shadow topic only. */
    SHADOW,
    /** Published, not in use. */
    INACTIVE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a wire name, or null when there is none of that name. */
    static ModelRole ofWireName(String name) {
        for (ModelRole role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        return null;
    }
}
