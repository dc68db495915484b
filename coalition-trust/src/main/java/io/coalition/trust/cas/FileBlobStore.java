package io.coalition.trust.cas;

import io.coalition.trust.TrustException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The embedded blob store: one file per blob under {@code root/<2 chars>/<cid>}, written to a temporary file,
 * forced to disk and moved into place, so a crash never leaves a partial blob under a CID.
 */
public final class FileBlobStore implements BlobStore {
    private final Path root;

    public FileBlobStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new TrustException("cannot create the blob store at " + root + ": " + e.getMessage(), e);
        }
    }

    /** Every blob, written concurrently (see {@link ConcurrentPuts}); each as durable as {@link #put} makes it. */
    @Override
    public java.util.List<Cid> putAll(java.util.List<byte[]> contents) {
        return ConcurrentPuts.run(contents, this::put);
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
                ch.write(java.nio.ByteBuffer.wrap(content));
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
        byte[] content;
        try {
            content = Files.readAllBytes(path(cid));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TrustException("cannot read blob " + cid + ": " + e.getMessage(), e);
        }
        if (!cid.matches(content)) {
            throw new TrustException("blob " + cid + " does not match its CID: the stored bytes were altered");
        }
        return Optional.of(content);
    }

    @Override
    public boolean contains(Cid cid) {
        return Files.exists(path(cid));
    }

    Path path(Cid cid) {
        String name = cid.toString();
        return root.resolve(name.substring(name.length() - 2)).resolve(name);
    }
}
