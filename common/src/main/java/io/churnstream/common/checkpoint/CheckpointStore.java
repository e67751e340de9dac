package io.churnstream.common.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import io.churnstream.common.cli.UsageException;
import io.churnstream.common.json.Json;

/**
 * A checkpoint file written atomically (temp file, fsync, atomic rename, directory fsync), so a crash leaves
 * either the old or the new checkpoint. Unreadable checkpoints are refused rather than guessed at.
 */
public final class CheckpointStore {

    private final Path file;
    private final Path temp;

    public CheckpointStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
    }

    /** The stored checkpoint, empty if there is none. A temp file left by a crash is ignored (the next save replaces it). */
    public Optional<Checkpoint> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UsageException("cannot read checkpoint " + file + ": " + e.getMessage());
        }
        Checkpoint cp;
        try {
            cp = Json.read(bytes, Checkpoint.class);
        } catch (IOException | RuntimeException e) {
            throw corrupt("it is not a valid checkpoint (" + bytes.length + " bytes)");
        }
        if (cp == null || cp.version() != Checkpoint.CURRENT_VERSION) {
            throw corrupt("unsupported version " + (cp == null ? "none" : cp.version()));
        }
        if (cp.input() == null || cp.input().sha256() == null || cp.topic() == null || cp.nextRow() < 0) {
            throw corrupt("fields are missing or negative");
        }
        return Optional.of(cp);
    }

    /** The stored checkpoint, refused (exit 2) when it belongs to another input or another topic. */
    public Optional<Checkpoint> loadFor(FileIdentity input, String topic) {
        Optional<Checkpoint> cp = load();
        if (cp.isPresent()) {
            cp.get().mismatch(input, topic).ifPresent(why -> {
                throw new UsageException("checkpoint " + file + " " + why
                        + ": use another --checkpoint, or --reset-checkpoint to start over");
            });
        }
        return cp;
    }

    public void save(Checkpoint checkpoint) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(Json.write(checkpoint));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    public void delete() {
        deleteQuietly(temp);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete checkpoint " + file, e);
        }
    }

    private UsageException corrupt(String why) {
        return new UsageException("checkpoint " + file + " is unreadable: " + why
                + "; refusing to guess where to resume: use --reset-checkpoint to start over");
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not all platforms can fsync a directory; the rename is still atomic
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a stale temp file is harmless: it is truncated on the next save
        }
    }
}
