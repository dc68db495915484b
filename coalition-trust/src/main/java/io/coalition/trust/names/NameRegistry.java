package io.coalition.trust.names;

import io.coalition.trust.TrustException;
import io.coalition.trust.cas.Cid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;

/**
 * The embedded registry of {@link NameRecord}s: one JSON file per name under a folder, replaced atomically
 * (temporary file, fsync, atomic move), so a crash leaves either the old record or the new one.
 *
 * <p>{@link #publish} accepts a record only if it verifies now (key, signature, expiry) and its sequence is higher
 * than the stored one's; records read back are verified again, so a record altered on disk is refused, never
 * served. Writers in one process are serialised by this object, writers in other processes by a file lock.
 */
public final class NameRegistry {
    private final Path dir;
    private final Clock clock;

    public NameRegistry(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TrustException("name registry " + dir + ": cannot create: " + e.getMessage(), e);
        }
    }

    /** Stores {@code record} if it verifies and supersedes the stored one; otherwise throws and keeps the old one. */
    public synchronized void publish(NameRecord record) {
        record.verify(clock.instant());
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            // The stored record may have expired (it can still be superseded), but it must be authentic:
            // its sequence is what protects against replays.
            Optional<NameRecord> current = read(record.name());
            if (current.isPresent() && record.sequence() <= current.get().sequence()) {
                throw new TrustException("name " + record.name() + ": sequence " + record.sequence()
                        + " is not higher than the current " + current.get().sequence() + " (a replayed or stale record)");
            }
            write(record);
        } catch (IOException e) {
            throw new TrustException("name registry " + dir + ": cannot publish " + record.name() + ": " + e.getMessage(), e);
        }
    }

    /** The CID {@code name} points at now; empty for an unknown name; throws if the record expired or was altered. */
    public Optional<Cid> resolve(String name) {
        return record(name).map(r -> r.verify(clock.instant()).target());
    }

    /** The stored record of {@code name}, its key and signature verified (not its expiry). */
    public Optional<NameRecord> record(String name) {
        NameRecord.checkName(name);
        return read(name);
    }

    private Optional<NameRecord> read(String name) {
        Path file = file(name);
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TrustException("name registry " + file + ": cannot read: " + e.getMessage(), e);
        }
        NameRecord stored = NameRecord.parse(json, file.toString());
        if (!stored.name().equals(name)) {
            throw new TrustException("name registry " + file + ": holds a record of " + stored.name()
                    + ": the file was moved or altered");
        }
        return Optional.of(stored.verifySignature());
    }

    private void write(NameRecord record) throws IOException {
        Path target = file(record.name());
        Path temp = Files.createTempFile(dir, ".publish-", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(record.toJson().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Path file(String name) {
        return dir.resolve(name + ".json");
    }
}
