package io.coalition.decisions.replica;

import io.coalition.decisions.DecisionsException;
import io.coalition.trust.notary.LogNotary;
import io.coalition.trust.notary.Notary;
import io.coalition.trust.notary.Receipt;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * coalition-trust's {@link LogNotary} (one writer) shared by CCU replicas on one file system: every notarization
 * runs under an exclusive lock on {@code <log>.lock} and first reads the entries another replica appended since
 * this handle last read the log ({@link LogNotary#catchUp}: only those, each checked as on opening); a lookup that
 * misses catches up the same way (an append-only log: what was found stays found). Replicas on several machines
 * need a notary they all reach (the Ethereum notary).
 */
public final class SharedLogNotary implements Notary, AutoCloseable {
    // file locks belong to the JVM: handles on one log in one JVM serialize on this first
    private static final ConcurrentHashMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final String origin;
    private final Clock clock;
    private final Object inProcess;
    private LogNotary log;
    private long seenSize;

    private SharedLogNotary(Path file, String origin, Clock clock) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
        this.origin = origin;
        this.clock = clock;
        this.inProcess = IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
        locked(() -> {
            reopen();
            return null;
        });
    }

    /** Opens (or creates) the shared log {@code file}; {@code origin} names it in checkpoints. */
    public static SharedLogNotary open(Path file, String origin, Clock clock) {
        return new SharedLogNotary(file, origin, clock);
    }

    @Override
    public synchronized Receipt notarize(byte[] hash) {
        return locked(() -> {
            refresh();
            Receipt r = log.notarize(hash);
            seenSize = size();
            return r;
        });
    }

    @Override
    public synchronized List<Receipt> notarizeAll(List<byte[]> hashes) {
        return locked(() -> {
            refresh();
            List<Receipt> r = log.notarizeAll(hashes);
            seenSize = size();
            return r;
        });
    }

    @Override
    public synchronized Optional<Receipt> lookup(byte[] hash) {
        Optional<Receipt> r = log.lookup(hash);
        if (r.isPresent() || size() == seenSize) {
            return r;
        }
        return locked(() -> {
            refresh();
            return log.lookup(hash);
        });
    }

    private void refresh() {
        if (size() != seenSize) {
            log.catchUp(); // only what the other replicas appended since
            seenSize = size();
        }
    }

    private void reopen() {
        if (log != null) {
            log.close();
        }
        log = LogNotary.open(file, origin, clock);
        seenSize = size();
    }

    private long size() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new DecisionsException("notary log " + file + ": cannot read its size: " + e, e);
        }
    }

    private <T> T locked(Supplier<T> action) {
        synchronized (inProcess) {
            try {
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = ch.lock()) {
                    return action.get();
                }
            } catch (IOException e) {
                throw new DecisionsException("notary log " + file + ": cannot lock " + lockFile + ": " + e, e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (log != null) {
            log.close();
            log = null;
        }
    }
}
