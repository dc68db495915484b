package io.coalition.trust.cas;

import java.util.Optional;

/**
 * Blobs addressed by their content. Implementations verify on read: a blob whose bytes do not match its CID is
 * never returned ({@link io.coalition.trust.TrustException}), whoever altered it.
 */
public interface BlobStore {

    /** Stores {@code content} (idempotent) and returns its CID. */
    Cid put(byte[] content);

    /**
     * Stores every blob (idempotent) and returns their CIDs in order; when it returns, all are stored as durably
     * as {@link #put} stores one. A store may write them concurrently (a file store overlaps its disk syncs); if one
     * fails, the first failure is thrown once all have been tried, and the others may be stored (content addressing
     * makes a retry harmless).
     */
    default java.util.List<Cid> putAll(java.util.List<byte[]> contents) {
        java.util.List<Cid> cids = new java.util.ArrayList<>(contents.size());
        for (byte[] c : contents) {
            cids.add(put(c));
        }
        return cids;
    }

    /** The blob named {@code cid}, verified against it; empty when the store does not have it. */
    Optional<byte[]> get(Cid cid);

    /** Whether the store has a blob for {@code cid} (without verifying it). */
    boolean contains(Cid cid);
}
