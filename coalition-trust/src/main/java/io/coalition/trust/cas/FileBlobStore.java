package io.coalition.trust.cas;

import io.coalition.trust.TrustException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded blob store. {@link #put} writes one file per blob under {@code root/<2 chars>/<cid>}: to a temporary
 * file, forced to disk and moved into place, so a crash never leaves a partial blob under a CID. {@link #putAll} of
 * {@value #PACK_FROM} blobs or more writes them into one <b>pack</b> instead, {@code root/packs/<uuid>.pack}, the same
 * way (temporary file, one force, one move): a file, a rename and a sync per batch rather than per blob. A pack is
 * the magic {@code CPK1}, then per blob its 32-byte sha2-256 digest, its length (4 bytes, big-endian) and its bytes.
 * Every read is verified against the CID, whichever file holds the blob; packs another process added are found on
 * the first miss after they appear (replicas sharing the folder).
 */
public final class FileBlobStore implements BlobStore {
    /** Blobs from which {@link #putAll} writes a pack (fewer are written as loose files, concurrently). */
    static final int PACK_FROM = 16;
    private static final byte[] MAGIC = {'C', 'P', 'K', '1'};
    private static final String PACK_SUFFIX = ".pack";
    /** The most a pack holds (a blob larger than this gets a pack of its own): each pack is written from one buffer. */
    static final long PACK_MAX_BYTES = 64L << 20;

    private final Path root;
    private final Path packs;
    /** Where each packed blob lies: read once per pack file, kept in memory. */
    private final ConcurrentHashMap<Cid, Packed> packed = new ConcurrentHashMap<>();
    /** Pack files indexed so far, with a channel kept open for reads. */
    private final ConcurrentHashMap<Path, FileChannel> indexed = new ConcurrentHashMap<>();

    private record Packed(Path pack, long offset, int length) {
    }

    public FileBlobStore(Path root) {
        this.root = root;
        this.packs = root.resolve("packs");
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new TrustException("cannot create the blob store at " + root + ": " + e.getMessage(), e);
        }
        indexNewPacks();
    }

    /**
     * Every blob, durable when this returns: from {@value #PACK_FROM} blobs on in one pack file (those already
     * stored are left out), fewer as loose files written concurrently (see {@link ConcurrentPuts}).
     */
    @Override
    public List<Cid> putAll(List<byte[]> contents) {
        if (contents.size() < PACK_FROM) {
            return ConcurrentPuts.run(contents, this::put);
        }
        List<Cid> cids = new ArrayList<>(contents.size());
        Map<Cid, byte[]> fresh = new LinkedHashMap<>();
        for (byte[] c : contents) {
            Cid cid = Cid.of(c);
            cids.add(cid);
            if (!packed.containsKey(cid) && !Files.exists(path(cid))) {
                fresh.putIfAbsent(cid, c);
            }
        }
        // packs of at most PACK_MAX_BYTES (one buffer each), a blob larger than that in a pack of its own
        Map<Cid, byte[]> pack = new LinkedHashMap<>();
        long bytes = MAGIC.length;
        for (var e : fresh.entrySet()) {
            long entry = 36L + e.getValue().length;
            if (!pack.isEmpty() && bytes + entry > PACK_MAX_BYTES) {
                writePack(pack);
                pack = new LinkedHashMap<>();
                bytes = MAGIC.length;
            }
            pack.put(e.getKey(), e.getValue());
            bytes += entry;
        }
        if (!pack.isEmpty()) {
            writePack(pack);
        }
        return cids;
    }

    /** One pack of {@code blobs}: written to a temporary file, forced, moved into place, then indexed. */
    private void writePack(Map<Cid, byte[]> blobs) {
        long size = MAGIC.length;
        for (byte[] b : blobs.values()) {
            size += 32 + 4 + b.length;
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(size));
        out.put(MAGIC);
        for (var e : blobs.entrySet()) {
            out.put(e.getKey().digest()).putInt(e.getValue().length).put(e.getValue());
        }
        out.flip();
        Path target = packs.resolve(UUID.randomUUID() + PACK_SUFFIX);
        Path temp = null;
        try {
            Files.createDirectories(packs);
            temp = Files.createTempFile(packs, ".pack-", ".tmp");
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                while (out.hasRemaining()) {
                    ch.write(out);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            temp = null;
        } catch (IOException e) {
            throw new TrustException("cannot store " + blobs.size() + " blobs in pack " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the failure above is the one to report
                }
            }
        }
        index(target);
    }

    /** Indexes the pack files not indexed yet (written by this store or another process); returns how many. */
    private synchronized int indexNewPacks() {
        if (!Files.isDirectory(packs)) {
            return 0;
        }
        int found = 0;
        try (var files = Files.list(packs)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(PACK_SUFFIX))::iterator) {
                if (!indexed.containsKey(p)) {
                    index(p);
                    found++;
                }
            }
        } catch (IOException e) {
            throw new TrustException("cannot list the packs in " + packs + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Reads a pack's digests and lengths (not its blobs) into the index; a pack cut short or not a pack is refused. */
    private synchronized void index(Path pack) {
        if (indexed.containsKey(pack)) {
            return;
        }
        try {
            FileChannel ch = FileChannel.open(pack, StandardOpenOption.READ);
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(36);
            readFully(ch, head.limit(4), 0, pack);
            if (!Arrays.equals(head.array(), 0, 4, MAGIC, 0, 4)) {
                ch.close();
                throw new TrustException("blob pack " + pack + " does not start with CPK1: not a pack");
            }
            Map<Cid, Packed> found = new HashMap<>();
            long at = 4;
            while (at < size) {
                if (size - at < 36) {
                    ch.close();
                    throw new TrustException("blob pack " + pack + ": entry at byte " + at + " is cut short");
                }
                head.clear();
                readFully(ch, head, at, pack);
                byte[] digest = Arrays.copyOf(head.array(), 32);
                int length = head.getInt(32);
                if (length < 0 || length > size - at - 36) {
                    ch.close();
                    throw new TrustException("blob pack " + pack + ": entry at byte " + at + " claims " + length
                            + " bytes, " + (size - at - 36) + " left");
                }
                found.put(Cid.ofDigest(digest), new Packed(pack, at + 36, length));
                at += 36L + length;
            }
            found.forEach(packed::putIfAbsent);
            indexed.put(pack, ch);
        } catch (IOException e) {
            throw new TrustException("cannot read blob pack " + pack + ": " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long at, Path file) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, at + buf.position()) < 0) {
                throw new IOException(file + ": unexpected end of file");
            }
        }
    }

    /** The bytes a pack holds for {@code p}. */
    private byte[] read(Packed p) {
        ByteBuffer buf = ByteBuffer.allocate(p.length());
        try {
            readFully(indexed.get(p.pack()), buf, p.offset(), p.pack());
        } catch (IOException e) {
            throw new TrustException("cannot read a blob from pack " + p.pack() + ": " + e.getMessage(), e);
        }
        return buf.array();
    }

    @Override
    public Cid put(byte[] content) {
        Cid cid = Cid.of(content);
        Path target = path(cid);
        if (Files.exists(target)) return cid;
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(content));
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            } catch (FileAlreadyExistsException e) {
                // another writer stored the same content first: same bytes, nothing to do
            }
            temp = null;
            return cid;
        } catch (IOException e) {
            throw new TrustException("cannot store blob " + cid + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the failure above is the one to report
                }
            }
        }
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
        byte[] content = raw(cid);
        if (content == null && indexNewPacks() > 0) {
            content = raw(cid); // a pack another process wrote since
        }
        if (content == null) {
            return Optional.empty();
        }
        if (!cid.matches(content)) {
            throw new TrustException("blob " + cid + " does not match its CID: the stored bytes were altered");
        }
        return Optional.of(content);
    }

    /** The stored bytes for {@code cid} (not verified), from a pack or its own file; null if neither has them. */
    private byte[] raw(Cid cid) {
        Packed p = packed.get(cid);
        if (p != null) {
            return read(p);
        }
        try {
            return Files.readAllBytes(path(cid));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new TrustException("cannot read blob " + cid + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean contains(Cid cid) {
        if (packed.containsKey(cid) || Files.exists(path(cid))) {
            return true;
        }
        return indexNewPacks() > 0 && packed.containsKey(cid);
    }

    Path path(Cid cid) {
        String name = cid.toString();
        return root.resolve(name.substring(name.length() - 2)).resolve(name);
    }
}
