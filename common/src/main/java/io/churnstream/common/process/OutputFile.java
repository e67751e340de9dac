package io.churnstream.common.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The part of an append-only file that one process wrote: everything after the size the file had at its launch. */
final class OutputFile {

    private final Path file;
    private final long start;
    private long scanned;

    private OutputFile(Path file, long start) {
        this.file = file;
        this.start = start;
        this.scanned = start;
    }

    static OutputFile at(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new OutputFile(file, Files.exists(file) ? Files.size(file) : 0);
    }

    Path file() {
        return file;
    }

    String read() {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            return new String(bytes(in, start, in.length()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The complete lines written since the previous call. */
    List<String> newLines() {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] chunk = bytes(in, scanned, in.length());
            int end = lastNewline(chunk);
            if (end < 0) {
                return List.of();
            }
            scanned += end + 1;
            return new ArrayList<>(new String(chunk, 0, end, StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static byte[] bytes(RandomAccessFile in, long from, long to) throws IOException {
        byte[] b = new byte[(int) Math.max(0, Math.min(Integer.MAX_VALUE - 8, to - from))];
        in.seek(from);
        in.readFully(b);
        return b;
    }

    private static int lastNewline(byte[] chunk) {
        for (int i = chunk.length - 1; i >= 0; i--) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
