package io.coalition.trust.notary;

import io.coalition.trust.TrustException;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where and when a hash was notarized.
 *
 * @param hash     the 32-byte hash
 * @param notary   which notary: {@code log:<origin>} or {@code ethereum:<chain id>:<contract address>}
 * @param position the log index, or the block number
 * @param time     the time recorded with the entry, or the block time
 */
public record Receipt(byte[] hash, String notary, long position, Instant time) {
    /** The length of a notarized hash (SHA-256). */
    public static final int HASH_LENGTH = 32;

    public Receipt {
        hash = requireHash(hash).clone();
    }

    /** Returns {@code hash} if it is 32 bytes; otherwise throws, saying what was given. */
    public static byte[] requireHash(byte[] hash) {
        if (hash == null || hash.length != HASH_LENGTH) {
            throw new TrustException("notary: expected a " + HASH_LENGTH + "-byte SHA-256 hash, got "
                    + (hash == null ? "none" : hash.length + " bytes"));
        }
        return hash;
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Receipt r && Arrays.equals(hash, r.hash) && notary.equals(r.notary)
                && position == r.position && time.equals(r.time);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash) * 31 + Long.hashCode(position);
    }

    @Override
    public String toString() {
        return "Receipt[" + HexFormat.of().formatHex(hash) + " at " + notary + " #" + position + ", " + time + "]";
    }
}
