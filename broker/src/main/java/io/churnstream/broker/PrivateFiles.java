package io.churnstream.broker;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.Set;

/** Files that may hold a secret: readable and writable by their owner only (0600) from the moment they exist. */
final class PrivateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Replaces {@code file} with {@code text}, by way of a 0600 temporary file renamed over it. */
    static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        FileAttribute<?>[] attributes = POSIX
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp", attributes);
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void write(Path file, Properties properties, String comment) throws IOException {
        StringWriter text = new StringWriter();
        properties.store(text, comment);
        write(file, text.toString());
    }

    /** Narrows the permissions of a file another program wrote (e.g. a keystore from keytool). */
    static void restrict(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }
}
