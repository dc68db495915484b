package io.coalition.trust.notary;

import io.coalition.trust.TrustException;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded {@link Notary}: each notarization is one entry of a {@link MerkleLog}, {@code hash (32 bytes) |
 * time in epoch milliseconds (8 bytes, big-endian)}, so a receipt can be backed by the log's signed checkpoints
 * and inclusion proofs ({@link #log()}). A lookup reads the entry back from the log, which checks it against
 * its leaf hash. Not thread-safe, like the log.
 */
public final class LogNotary implements Notary, AutoCloseable {
    private static final int ENTRY = Receipt.HASH_LENGTH + Long.BYTES;

    private final MerkleLog log;
    private final String name;
    private final Clock clock;
    private final Map<String, Long> index = new HashMap<>();

    private LogNotary(MerkleLog log, String origin, Clock clock) {
        this.log = log;
        this.name = "log:" + origin;
        this.clock = clock;
    }

    /** Opens (or creates) the notary log at {@code file}. */
    public static LogNotary open(Path file, String origin, Clock clock) {
        MerkleLog log = MerkleLog.open(file, origin);
        LogNotary notary = new LogNotary(log, origin, clock);
        try {
            for (long i = 0; i < log.size(); i++) {
                byte[] entry = log.entry(i);
                if (entry.length != ENTRY) {
                    throw new TrustException("notary log " + file + ": entry " + i + " has " + entry.length
                            + " bytes, expected " + ENTRY + " (hash and time)");
                }
                // keep the first: a later duplicate cannot move a notarization's time
                notary.index.putIfAbsent(key(entry), i);
            }
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        return notary;
    }

    @Override
    public Receipt notarize(byte[] hash) {
        Receipt.requireHash(hash);
        Optional<Receipt> existing = lookup(hash);
        if (existing.isPresent()) return existing.get();
        long millis = clock.millis();
        long position = log.append(ByteBuffer.allocate(ENTRY).put(hash).putLong(millis).array());
        index.put(HexFormat.of().formatHex(hash), position);
        return new Receipt(hash, name, position, Instant.ofEpochMilli(millis));
    }

    /** One {@link MerkleLog#appendAll} (one fsync) for the hashes not notarized before; receipts in order. */
    @Override
    public List<Receipt> notarizeAll(List<byte[]> hashes) {
        for (byte[] h : hashes) Receipt.requireHash(h);
        long millis = clock.millis();
        List<Receipt> receipts = new ArrayList<>(hashes.size());
        List<byte[]> entries = new ArrayList<>();
        Map<String, Integer> fresh = new HashMap<>();
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i++) {
            byte[] h = hashes.get(i);
            Optional<Receipt> existing = lookup(h);
            String key = HexFormat.of().formatHex(h);
            if (existing.isPresent()) {
                receipts.add(existing.get());
            } else if (fresh.containsKey(key)) {
                receipts.add(null); // a duplicate within the batch: the receipt of its first occurrence
                pending.add(i);
            } else {
                fresh.put(key, entries.size());
                entries.add(ByteBuffer.allocate(ENTRY).put(h).putLong(millis).array());
                receipts.add(null);
                pending.add(i);
            }
        }
        long first = log.appendAll(entries);
        for (int i : pending) {
            byte[] h = hashes.get(i);
            String key = HexFormat.of().formatHex(h);
            long position = first + fresh.get(key);
            index.putIfAbsent(key, position);
            receipts.set(i, new Receipt(h, name, position, Instant.ofEpochMilli(millis)));
        }
        return receipts;
    }

    @Override
    public Optional<Receipt> lookup(byte[] hash) {
        Receipt.requireHash(hash);
        Long position = index.get(HexFormat.of().formatHex(hash));
        if (position == null) return Optional.empty();
        ByteBuffer entry = ByteBuffer.wrap(log.entry(position));
        byte[] logged = new byte[Receipt.HASH_LENGTH];
        entry.get(logged);
        if (!java.security.MessageDigest.isEqual(logged, hash)) {
            throw new IllegalStateException("index of " + name + " points at the wrong entry " + position);
        }
        return Optional.of(new Receipt(hash, name, position, Instant.ofEpochMilli(entry.getLong())));
    }

    /** The underlying log, for checkpoints and proofs. */
    public MerkleLog log() {
        return log;
    }

    @Override
    public void close() {
        log.close();
    }

    private static String key(byte[] entry) {
        return HexFormat.of().formatHex(entry, 0, Receipt.HASH_LENGTH);
    }
}
