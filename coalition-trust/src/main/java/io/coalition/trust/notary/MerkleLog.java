package io.coalition.trust.notary;

import io.coalition.trust.TrustException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The embedded notary: an append-only RFC 9162 Merkle log in one file, with tree heads, inclusion and
 * consistency proofs.
 *
 * <p>Each entry is stored as {@code length (4 bytes) | bytes | CRC-32 (4 bytes)} and forced to disk before
 * {@link #append} returns. A crash can only leave a torn last entry, which opening the log cuts off; a damaged
 * entry anywhere else means the file was altered, and opening fails. Thread-safe: every method holds the log's
 * lock (appends are serialized; a reader never sees an entry whose offset is not yet recorded).
 */
public final class MerkleLog implements AutoCloseable {
    private static final int MAX_ENTRY = 64 << 20;

    private final Path file;
    private final String origin;
    private final FileChannel channel;
    private final List<byte[]> leafHashes = new ArrayList<>();
    private final List<Long> offsets = new ArrayList<>();
    private long end; // bytes of the file read and checked: where the last entry's record ends

    private MerkleLog(Path file, String origin, FileChannel channel) {
        this.file = file;
        this.origin = origin;
        this.channel = channel;
    }

    /** Opens (or creates) the log at {@code file}; {@code origin} names it in checkpoints. */
    public static MerkleLog open(Path file, String origin) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            MerkleLog log = new MerkleLog(file, origin, ch);
            try {
                log.load();
            } catch (RuntimeException e) {
                ch.close();
                throw e;
            }
            return log;
        } catch (IOException e) {
            throw new TrustException("notary log " + file + ": cannot open: " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        readFrom(0);
    }

    /**
     * Reads the entries another writer appended to the file since this log last read or wrote it (a log shared by
     * writers that take turns under a common lock, e.g. CCU replicas); returns how many. Only the new bytes are read
     * and checked, as {@link #open} checks them. A file shorter than what was read had entries removed: refused.
     */
    public synchronized int catchUp() {
        long before = leafHashes.size();
        try {
            long size = channel.size();
            if (size < end) {
                throw new TrustException("notary log " + file + ": " + size + " bytes, fewer than the " + end
                        + " already read: entries were removed");
            }
            readFrom(end);
        } catch (IOException e) {
            throw new TrustException("notary log " + file + ": cannot read new entries: " + e.getMessage(), e);
        }
        return Math.toIntExact(leafHashes.size() - before);
    }

    /** Reads and checks the entries from byte {@code from} to the end of the file (a torn last write is cut off). */
    private void readFrom(long from) throws IOException {
        long size = channel.size();
        long pos = from;
        ByteBuffer header = ByteBuffer.allocate(4);
        while (pos < size) {
            long start = pos;
            if (size - pos < 4) {
                truncate(start);
                return;
            }
            header.clear();
            readFully(header, pos);
            int length = header.getInt(0);
            pos += 4;
            if (length < 0 || length > MAX_ENTRY) {
                throw new TrustException("notary log " + file + ": entry " + leafHashes.size() + " at byte " + start
                        + " has an impossible length " + length + ": the file was altered");
            }
            if (size - pos < length + 4L) {
                truncate(start);
                return;
            }
            ByteBuffer body = ByteBuffer.allocate(length + 4);
            readFully(body, pos);
            pos += length + 4L;
            byte[] entry = new byte[length];
            body.get(0, entry);
            if (crc(entry) != body.getInt(length)) {
                if (pos == size) {
                    truncate(start); // a torn final write
                    return;
                }
                throw new TrustException("notary log " + file + ": entry " + leafHashes.size() + " at byte " + start
                        + " fails its checksum: the file was altered");
            }
            offsets.add(start);
            leafHashes.add(MerkleTree.leafHash(entry));
            end = pos;
        }
    }

    private void truncate(long at) throws IOException {
        channel.truncate(at);
        channel.force(true);
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) throw new IOException("unexpected end of file");
        }
    }

    /** Appends an entry, durably; returns its index. */
    public synchronized long append(byte[] entry) {
        if (entry.length > MAX_ENTRY) throw new IllegalArgumentException("entry larger than " + MAX_ENTRY + " bytes");
        ByteBuffer record = ByteBuffer.allocate(entry.length + 8);
        record.putInt(entry.length).put(entry).putInt(crc(entry)).flip();
        try {
            long start = channel.size();
            while (record.hasRemaining()) channel.write(record, start + record.position());
            channel.force(false);
            offsets.add(start);
            end = start + entry.length + 8L;
        } catch (IOException e) {
            throw new TrustException("notary log " + file + ": cannot append: " + e.getMessage(), e);
        }
        leafHashes.add(MerkleTree.leafHash(entry));
        return leafHashes.size() - 1L;
    }

    /**
     * Appends entries with one write and one force to disk; returns the index of the first. A crash leaves a
     * prefix of them (a torn last entry is cut off on open), never a reordering.
     */
    public synchronized long appendAll(List<byte[]> entries) {
        int total = 0;
        for (byte[] e : entries) {
            if (e.length > MAX_ENTRY) throw new IllegalArgumentException("entry larger than " + MAX_ENTRY + " bytes");
            total = Math.addExact(total, e.length + 8);
        }
        long first = leafHashes.size();
        if (entries.isEmpty()) return first;
        ByteBuffer records = ByteBuffer.allocate(total);
        for (byte[] e : entries) records.putInt(e.length).put(e).putInt(crc(e));
        records.flip();
        List<Long> starts = new java.util.ArrayList<>(entries.size());
        try {
            long start = channel.size();
            long at = start;
            for (byte[] e : entries) {
                starts.add(at);
                at += e.length + 8L;
            }
            while (records.hasRemaining()) channel.write(records, start + records.position());
            channel.force(false);
            end = at;
        } catch (IOException e) {
            throw new TrustException("notary log " + file + ": cannot append " + entries.size() + " entries: " + e.getMessage(), e);
        }
        offsets.addAll(starts);
        for (byte[] e : entries) leafHashes.add(MerkleTree.leafHash(e));
        return first;
    }

    /** The number of entries. */
    public synchronized long size() {
        return leafHashes.size();
    }

    /** Entry {@code index} as stored. */
    public synchronized byte[] entry(long index) {
        int i = checkIndex(index);
        try {
            ByteBuffer header = ByteBuffer.allocate(4);
            readFully(header, offsets.get(i));
            byte[] entry = new byte[header.getInt(0)];
            ByteBuffer body = ByteBuffer.wrap(entry);
            readFully(body, offsets.get(i) + 4);
            if (!java.security.MessageDigest.isEqual(MerkleTree.leafHash(entry), leafHashes.get(i))) {
                throw new TrustException("notary log " + file + ": entry " + index + " changed on disk since it was logged");
            }
            return entry;
        } catch (IOException e) {
            throw new TrustException("notary log " + file + ": cannot read entry " + index + ": " + e.getMessage(), e);
        }
    }

    /**
     * Entries {@code from} (inclusive) to {@code to} (exclusive) as stored, read in one pass and each checked
     * against its leaf hash as {@link #entry} does.
     */
    public synchronized List<byte[]> entries(long from, long to) {
        int first = checkSize(from);
        int end = checkSize(to);
        if (first >= end) return List.of();
        long start = offsets.get(first);
        long stop = end < offsets.size() ? offsets.get(end) : fileEnd(end - 1);
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(stop - start));
        try {
            readFully(bytes, start);
        } catch (IOException e) {
            throw new TrustException("notary log " + file + ": cannot read entries " + from + " to " + to + ": "
                    + e.getMessage(), e);
        }
        List<byte[]> out = new ArrayList<>(end - first);
        for (int i = first; i < end; i++) {
            int at = Math.toIntExact(offsets.get(i) - start);
            int length = bytes.getInt(at);
            if (length < 0 || at + 4L + length > bytes.capacity()) {
                throw new TrustException("notary log " + file + ": entry " + i + " changed on disk since it was logged");
            }
            byte[] entry = new byte[length];
            bytes.get(at + 4, entry);
            if (!java.security.MessageDigest.isEqual(MerkleTree.leafHash(entry), leafHashes.get(i))) {
                throw new TrustException("notary log " + file + ": entry " + i + " changed on disk since it was logged");
            }
            out.add(entry);
        }
        return out;
    }

    /** Where entry {@code i}'s record ends, from its length header. */
    private long fileEnd(int i) {
        try {
            ByteBuffer header = ByteBuffer.allocate(4);
            readFully(header, offsets.get(i));
            int length = header.getInt(0);
            if (length < 0 || length > MAX_ENTRY) {
                throw new TrustException("notary log " + file + ": entry " + i + " changed on disk since it was logged");
            }
            return offsets.get(i) + 4L + length + 4L;
        } catch (IOException e) {
            throw new TrustException("notary log " + file + ": cannot read entry " + i + ": " + e.getMessage(), e);
        }
    }

    /** The tree head for the first {@code size} entries. */
    public synchronized Checkpoint checkpoint(long size) {
        return new Checkpoint(origin, size, MerkleTree.root(leafHashes, 0, checkSize(size)));
    }

    /** The current tree head. */
    public synchronized Checkpoint checkpoint() {
        return checkpoint(size());
    }

    /** The audit path of entry {@code index} in the tree of the first {@code treeSize} entries. */
    public synchronized List<byte[]> inclusionProof(long index, long treeSize) {
        return MerkleTree.inclusionProof(leafHashes, checkIndex(index), checkSize(treeSize));
    }

    /** The proof that the tree of {@code firstSize} entries is a prefix of that of {@code secondSize}. */
    public synchronized List<byte[]> consistencyProof(long firstSize, long secondSize) {
        return MerkleTree.consistencyProof(leafHashes, checkSize(firstSize), checkSize(secondSize));
    }

    private int checkIndex(long index) {
        if (index < 0 || index >= leafHashes.size()) {
            throw new IllegalArgumentException("no entry " + index + " in a log of " + leafHashes.size());
        }
        return (int) index;
    }

    private int checkSize(long size) {
        if (size < 0 || size > leafHashes.size()) {
            throw new IllegalArgumentException("the log has " + leafHashes.size() + " entries, not " + size);
        }
        return (int) size;
    }

    private static int crc(byte[] entry) {
        CRC32 crc = new CRC32();
        crc.update(entry);
        return (int) crc.getValue();
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new TrustException("notary log " + file + ": cannot close: " + e.getMessage(), e);
        }
    }
}
