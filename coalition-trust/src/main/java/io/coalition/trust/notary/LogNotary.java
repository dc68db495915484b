package io.coalition.trust.notary;

import io.coalition.trust.TrustException;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded {@link Notary}: each notarization is one entry of a {@link MerkleLog}, {@code hash (32 bytes) |
 * time in epoch milliseconds (8 bytes, big-endian)}, so a receipt can be backed by the log's signed checkpoints
 * and inclusion proofs ({@link #log()}).
 *
 * <p>Verified view: opening reads every entry once and checks it (checksum, then its leaf hash, and optionally
 * the tree against a trusted checkpoint); each notarization adds its entry to the view as it is written. A lookup
 * is then a table read, answered from what was verified, never from the file again (a CCU looks up every record on
 * every decision). A file altered after opening cannot change an answer; {@link #audit()} re-reads the file and
 * says where it differs, and the next {@link #open} refuses it.
 *
 * <p>Thread-safe: lookups read the view without a lock ({@link HashTable}); notarizations are serialized (one
 * writer appends at a time).
 */
public final class LogNotary implements Notary, AutoCloseable {
    private static final int ENTRY = Receipt.HASH_LENGTH + Long.BYTES;
    private static final int READ_CHUNK = 8192;

    private final MerkleLog log;
    private final Path file;
    private final String name;
    private final Clock clock;
    private final HashTable index = new HashTable();
    private final Object writer = new Object();

    /** A hash as a key of a batch's own dedup map: its four 64-bit words. */
    private record HashKey(long a, long b, long c, long d) {
        static HashKey of(byte[] h) {
            ByteBuffer b = ByteBuffer.wrap(h, 0, Receipt.HASH_LENGTH);
            return new HashKey(b.getLong(), b.getLong(), b.getLong(), b.getLong());
        }
    }

    private LogNotary(MerkleLog log, Path file, String origin, Clock clock) {
        this.log = log;
        this.file = file;
        this.name = "log:" + origin;
        this.clock = clock;
    }

    /** Opens (or creates) the notary log at {@code file}. */
    public static LogNotary open(Path file, String origin, Clock clock) {
        return open(file, origin, clock, null);
    }

    /**
     * Opens the notary log at {@code file} and checks that its first {@code trusted.size()} entries form the tree
     * of {@code trusted} (a checkpoint kept or signed earlier): an entry rewritten together with its checksum, or
     * removed, is refused here rather than trusted.
     */
    public static LogNotary open(Path file, String origin, Clock clock, Checkpoint trusted) {
        MerkleLog log = MerkleLog.open(file, origin);
        LogNotary notary = new LogNotary(log, file, origin, clock);
        try {
            if (trusted != null) {
                checkAgainst(log, file, trusted);
            }
            long size = log.size();
            for (long from = 0; from < size; from += READ_CHUNK) {
                long to = Math.min(size, from + READ_CHUNK);
                List<byte[]> entries = log.entries(from, to);
                for (int i = 0; i < entries.size(); i++) {
                    notary.remember(file, from + i, entries.get(i));
                }
            }
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        return notary;
    }

    private static void checkAgainst(MerkleLog log, Path file, Checkpoint trusted) {
        if (log.size() < trusted.size()) {
            throw new TrustException("notary log " + file + ": " + log.size() + " entries, fewer than the "
                    + trusted.size() + " of the trusted checkpoint: entries were removed");
        }
        if (!MessageDigest.isEqual(log.checkpoint(trusted.size()).root(), trusted.root())) {
            throw new TrustException("notary log " + file + ": its first " + trusted.size() + " entries do not have "
                    + "the trusted checkpoint's root " + Base64.getEncoder().encodeToString(trusted.root())
                    + ": the file was altered");
        }
    }

    /** Adds a verified entry to the view; the first notarization of a hash wins (its time cannot move later). */
    private void remember(Path file, long position, byte[] entry) {
        if (entry.length != ENTRY) {
            throw new TrustException("notary log " + file + ": entry " + position + " has " + entry.length
                    + " bytes, expected " + ENTRY + " (hash and time)");
        }
        // only the notary's single writer (or open(), before anyone reads) gets here
        index.putIfAbsent(entry, position, ByteBuffer.wrap(entry).getLong(Receipt.HASH_LENGTH));
    }

    /**
     * Adds to the view the entries another writer appended to the file since this notary last read or wrote it
     * (a log shared by writers that take turns under a common lock); returns how many. Only the new entries are
     * read and checked, as {@link #open} checks them.
     */
    public int catchUp() {
        synchronized (writer) {
            long from = log.size();
            int added = log.catchUp();
            for (long at = from, to = from + added; at < to; at += READ_CHUNK) {
                List<byte[]> entries = log.entries(at, Math.min(to, at + READ_CHUNK));
                for (int i = 0; i < entries.size(); i++) {
                    remember(file, at + i, entries.get(i));
                }
            }
            return added;
        }
    }

    @Override
    public Receipt notarize(byte[] hash) {
        return notarizeAll(List.of(hash)).get(0);
    }

    /** One {@link MerkleLog#appendAll} (one fsync) for the hashes not notarized before; receipts in order. */
    @Override
    public List<Receipt> notarizeAll(List<byte[]> hashes) {
        for (byte[] h : hashes) Receipt.requireHash(h);
        synchronized (writer) {
            long millis = clock.millis();
            List<byte[]> entries = new ArrayList<>();
            Map<HashKey, Integer> fresh = new HashMap<>();
            for (byte[] h : hashes) {
                HashKey key = HashKey.of(h);
                if (!index.contains(h) && !fresh.containsKey(key)) {
                    fresh.put(key, entries.size());
                    entries.add(ByteBuffer.allocate(ENTRY).put(h).putLong(millis).array());
                }
            }
            long first = log.appendAll(entries);
            // into the view only once durable: a lookup never answers for an entry that is not on disk
            for (int i = 0; i < entries.size(); i++) {
                remember(file, first + i, entries.get(i));
            }
            List<Receipt> receipts = new ArrayList<>(hashes.size());
            for (byte[] h : hashes) {
                receipts.add(receipt(h, index.get(h)));
            }
            return receipts;
        }
    }

    @Override
    public Optional<Receipt> lookup(byte[] hash) {
        Receipt.requireHash(hash);
        HashTable.Logged logged = index.get(hash);
        return logged == null ? Optional.empty() : Optional.of(receipt(hash, logged));
    }

    /** As {@link #lookup}, without building a receipt: the CCU asks this once per record it decides. */
    @Override
    public boolean contains(byte[] hash) {
        Receipt.requireHash(hash);
        return index.contains(hash);
    }

    private Receipt receipt(byte[] hash, HashTable.Logged logged) {
        return new Receipt(hash, name, logged.position(), Instant.ofEpochMilli(logged.millis()));
    }

    /**
     * Re-reads the whole file and checks every entry against the leaf hash it was verified or written with;
     * {@link TrustException} naming the first entry that changed on disk. Lookups never depend on this (they use
     * the verified view); it tells an operator that the file, and so the next {@link #open}, is no longer sound.
     */
    public void audit() {
        long size = log.size();
        for (long from = 0; from < size; from += READ_CHUNK) {
            log.entries(from, Math.min(size, from + READ_CHUNK));
        }
    }

    /** The underlying log, for checkpoints and proofs. */
    public MerkleLog log() {
        return log;
    }

    @Override
    public void close() {
        log.close();
    }
}
