package io.coalition.trust.cas;

import io.coalition.trust.TrustException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * An IPFS content identifier, CIDv1 with the raw codec and a sha2-256 multihash, written in base32 multibase
 * ({@code bafkrei...}): the same string Kubo prints for {@code ipfs add --cid-version 1 --raw-leaves} of a
 * single-block file, so blobs stored here can be pinned and fetched through IPFS unchanged.
 */
public final class Cid {
    private static final int VERSION = 1;
    private static final int RAW = 0x55;
    private static final int SHA2_256 = 0x12;
    private static final int DIGEST_LENGTH = 32;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Cid::newSha256);

    private final byte[] digest;
    /** Computed once: a CID is a map key in every store, looked up per record per decision. */
    private final int hash;

    private Cid(byte[] digest) {
        this.digest = digest;
        this.hash = Arrays.hashCode(digest);
    }

    /** The CID of {@code content}. */
    public static Cid of(byte[] content) {
        return new Cid(sha256(content));
    }

    /** The CID whose sha2-256 digest is {@code digest} (32 bytes), e.g. as a pack file lists it. */
    static Cid ofDigest(byte[] digest) {
        if (digest.length != DIGEST_LENGTH) {
            throw new TrustException("a sha2-256 digest has " + DIGEST_LENGTH + " bytes, got " + digest.length);
        }
        return new Cid(digest.clone());
    }

    /** Parses the base32 string form; {@link TrustException} says what is wrong with a bad one. */
    public static Cid parse(String text) {
        if (text.isEmpty() || text.charAt(0) != 'b') {
            throw new TrustException("CID '" + text + "': expected base32 multibase (prefix 'b')");
        }
        byte[] bytes = decodeBase32(text, text.substring(1));
        if (bytes.length != 4 + DIGEST_LENGTH) {
            throw new TrustException("CID '" + text + "': expected " + (4 + DIGEST_LENGTH) + " bytes, got " + bytes.length);
        }
        // Only the canonical encoding is accepted (zero padding bits, no extra character), else two strings
        // would name one CID (found by CidFuzzTest: '...wofofein' parsed to the CID printed '...wofofeim').
        if (!encodeBase32(bytes).equals(text.substring(1))) {
            throw new TrustException("CID '" + text + "': non-zero padding bits in the last character (not canonical base32)");
        }
        if (bytes[0] != VERSION) throw new TrustException("CID '" + text + "': expected CID version 1, got " + bytes[0]);
        if ((bytes[1] & 0xff) != RAW) {
            throw new TrustException("CID '" + text + "': expected the raw codec (0x55), got 0x" + Integer.toHexString(bytes[1] & 0xff));
        }
        if (bytes[2] != SHA2_256 || bytes[3] != DIGEST_LENGTH) {
            throw new TrustException("CID '" + text + "': expected a sha2-256 multihash");
        }
        return new Cid(Arrays.copyOfRange(bytes, 4, bytes.length));
    }

    /** Whether {@code content} is what this CID names. */
    public boolean matches(byte[] content) {
        return MessageDigest.isEqual(digest, sha256(content));
    }

    /** The sha2-256 digest of the content. */
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public String toString() {
        byte[] bytes = new byte[4 + DIGEST_LENGTH];
        bytes[0] = VERSION;
        bytes[1] = (byte) RAW;
        bytes[2] = SHA2_256;
        bytes[3] = DIGEST_LENGTH;
        System.arraycopy(digest, 0, bytes, 4, DIGEST_LENGTH);
        return "b" + encodeBase32(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid c && Arrays.equals(digest, c.digest);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    static byte[] sha256(byte[] content) {
        return SHA256.get().digest(content);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** RFC 4648 base32, lower case, no padding (multibase 'b'). */
    static String encodeBase32(byte[] bytes) {
        // five bytes are eight characters: whole groups through a long, then the tail bit by bit
        byte[] out = new byte[(bytes.length * 8 + 4) / 5];
        int o = 0;
        int i = 0;
        for (; i + 5 <= bytes.length; i += 5) {
            long group = ((long) (bytes[i] & 0xff) << 32) | ((long) (bytes[i + 1] & 0xff) << 24)
                    | ((bytes[i + 2] & 0xff) << 16) | ((bytes[i + 3] & 0xff) << 8) | (bytes[i + 4] & 0xff);
            for (int shift = 35; shift >= 0; shift -= 5) {
                out[o++] = (byte) BASE32[(int) (group >>> shift) & 31];
            }
        }
        int buffer = 0;
        int bits = 0;
        for (; i < bytes.length; i++) {
            buffer = (buffer << 8) | (bytes[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out[o++] = (byte) BASE32[(buffer >>> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0) out[o++] = (byte) BASE32[(buffer << (5 - bits)) & 31];
        return new String(out, 0, o, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] decodeBase32(String cid, String text) {
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int v = c >= 'a' && c <= 'z' ? c - 'a' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
            if (v < 0) throw new TrustException("CID '" + cid + "': '" + c + "' at " + (i + 1) + " is not base32");
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
