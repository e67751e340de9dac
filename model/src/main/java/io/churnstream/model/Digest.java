package io.churnstream.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 that identifies a PMML, and the short form a version id carries. */
final class Digest {

    /** Hex digits of the SHA-256 in a {@link ModelVersion}'s content hash. */
    static final int SHORT_DIGITS = 8;

    private Digest() {
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static String shortForm(String sha256) {
        return sha256.substring(0, SHORT_DIGITS);
    }
}
