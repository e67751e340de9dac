package io.churnstream.broker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.churnstream.common.cli.CliException;
import io.churnstream.common.cli.ExitCodes;

/**
 * Keeps a second broker off a data directory in use. Kafka locks its log directories only once the controller is up,
 * and by then a second broker has already written to the first one's metadata log.
 */
final class DataDirLock implements AutoCloseable {

    private final FileChannel channel;

    private DataDirLock(FileChannel channel) {
        this.channel = channel;
    }

    /** Holds {@code dir/broker.lock} until closed (or this process exits); fails in one line if another process holds it. */
    static DataDirLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("broker.lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new CliException(ExitCodes.RUNTIME_FAILURE, "the data dir " + dir + " is in use by another broker (pid "
                    + Files.readString(file, StandardCharsets.UTF_8).trim() + "): stop it with ./scripts/stop-broker.sh"
                    + " or pick another --data-dir");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
        return new DataDirLock(channel);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
