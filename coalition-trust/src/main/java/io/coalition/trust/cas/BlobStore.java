package io.coalition.trust.cas;

import java.util.Optional;

/**
 * Blobs addressed by their content. Implementations verify on read: a blob whose bytes do not match its CID is
 * never returned ({@link io.coalition.trust.TrustException}), whoever altered it.
 */
public interface BlobStore {

    /** Stores {@code content} (idempotent) and returns its CID. */
    Cid put(byte[] content);

    /** The blob named {@code cid}, verified against it; empty when the store does not have it. */
    Optional<byte[]> get(Cid cid);

    /** Whether the store has a blob for {@code cid} (without verifying it). */
    boolean contains(Cid cid);
}
