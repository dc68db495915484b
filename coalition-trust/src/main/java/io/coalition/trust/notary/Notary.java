package io.coalition.trust.notary;

import java.util.Optional;

/**
 * Proves that a hash existed at a time. Backends: {@link LogNotary} (the embedded default, an RFC 9162 Merkle
 * log) and {@code io.coalition.trust.ethereum.EthereumNotary} (a contract on an Ethereum chain).
 *
 * <p>The first notarization of a hash is final: notarizing it again returns the first receipt, so its time can
 * only ever be the earliest one. Hashes are 32 bytes (SHA-256); anything else is refused.
 */
public interface Notary {

    /** Notarizes {@code hash} (idempotent) and returns its receipt. */
    Receipt notarize(byte[] hash);

    /**
     * Notarizes several hashes, one receipt each, in order. Backends that can (the {@link LogNotary}) write them
     * as one batch: one append and one force to disk instead of one per hash.
     */
    default java.util.List<Receipt> notarizeAll(java.util.List<byte[]> hashes) {
        java.util.List<Receipt> receipts = new java.util.ArrayList<>(hashes.size());
        for (byte[] h : hashes) receipts.add(notarize(h));
        return receipts;
    }

    /** The receipt of {@code hash}, checked against the backend; empty if it was never notarized. */
    Optional<Receipt> lookup(byte[] hash);

    /** Whether {@code hash} was notarized, as {@link #lookup} would say; backends may answer without a receipt. */
    default boolean contains(byte[] hash) {
        return lookup(hash).isPresent();
    }
}
