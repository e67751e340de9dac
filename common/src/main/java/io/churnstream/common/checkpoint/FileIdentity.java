package io.churnstream.common.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a checkpoint belongs to: an input file (absolute path, size, sha256 of its first 64 KB) or a named synthetic source. */
public record FileIdentity(@JsonProperty("path") String path, @JsonProperty("size") long size,
                           @JsonProperty("sha256") String sha256) {

    static final int PREFIX_BYTES = 64 * 1024;

    public static FileIdentity of(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(absolute)) {
            digest.update(in.readNBytes(PREFIX_BYTES));
        }
        return new FileIdentity(absolute.toString(), Files.size(absolute), HexFormat.of().formatHex(digest.digest()));
    }

    /** A source with no file, e.g. {@code generator:seed=42,rows=1000}. */
    public static FileIdentity ofName(String name, long size) {
        return new FileIdentity(name, size, HexFormat.of().formatHex(newDigest().digest(name.getBytes(StandardCharsets.UTF_8))));
    }

    /** A short stable hash of the identity, for names such as transactional ids. */
    public String shortHash() {
        byte[] d = newDigest().digest((path + '\n' + size + '\n' + sha256).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 8);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
