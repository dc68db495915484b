package io.coalition.trust.records;

import io.coalition.trust.TrustException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Encryption of records at rest: each record gets its own AES-256-GCM key, HKDF-SHA256(seed, "coalition record
 * key" || record id), and its metadata is the associated data. A ciphertext therefore opens only under its own
 * record id and unchanged metadata: a blob copied to another record, or a record whose metadata was edited,
 * fails to open rather than decrypting to something plausible.
 *
 * <p>Stored form: {@code version (1) | nonce (12) | ciphertext with tag}. Nonces are random; with a key per
 * record, a record would need billions of rewrites before a nonce collision became likely.
 *
 * <p>Cost per record (the CCU opens one blob per record per decision): HKDF's extract step depends on the seed
 * alone, so it is done once; a record key is then one HMAC (the expand step's single block). AES-GCM is the
 * JDK's (SunJCE, AES-NI and CLMUL intrinsics) rather than whichever provider is registered first. Thread-safe:
 * each thread keeps its own {@link Mac} and {@link Cipher}.
 */
public final class RecordCipher {
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] LABEL = "coalition record key".getBytes(StandardCharsets.US_ASCII);

    private final byte[] prk;
    private final SecureRandom random;
    private final ThreadLocal<Mac> expand;
    private final ThreadLocal<Cipher> gcm = ThreadLocal.withInitial(RecordCipher::newGcm);

    /** A cipher under a secret seed of at least 32 bytes (e.g. a sealed enclave secret). */
    public RecordCipher(byte[] seed) {
        this(seed, new SecureRandom());
    }

    RecordCipher(byte[] seed, SecureRandom random) {
        if (seed.length < 32) throw new IllegalArgumentException("the seed needs at least 32 bytes, got " + seed.length);
        // RFC 5869 extract with no salt: HMAC keyed with HashLen zero bytes
        this.prk = hmac(new byte[32]).doFinal(seed);
        this.random = random;
        this.expand = ThreadLocal.withInitial(() -> hmac(prk));
    }

    /** Encrypts {@code plaintext} as record {@code recordId} with {@code metadata} bound to it. */
    public byte[] encrypt(String recordId, byte[] metadata, byte[] plaintext) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        byte[] id = recordId.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher c = gcm.get();
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(recordKey(id), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(id, metadata));
            byte[] out = new byte[1 + NONCE + c.getOutputSize(plaintext.length)];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE);
            int n = c.doFinal(plaintext, 0, plaintext.length, out, 1 + NONCE);
            return n == out.length - 1 - NONCE ? out : Arrays.copyOf(out, 1 + NONCE + n);
        } catch (GeneralSecurityException e) {
            throw new TrustException("record " + recordId + ": cannot encrypt: " + e.getMessage(), e);
        }
    }

    /** Decrypts record {@code recordId}; {@link TrustException} if anything about it was changed or moved. */
    public byte[] decrypt(String recordId, byte[] metadata, byte[] stored) {
        return decrypt(recordId.getBytes(StandardCharsets.UTF_8), metadata, stored);
    }

    /**
     * As {@link #decrypt(String, byte[], byte[])} with the record id already in UTF-8: a caller opening many records
     * (the CCU, per record per decision) encodes each id once for its own checks and this one.
     */
    public byte[] decrypt(byte[] recordId, byte[] metadata, byte[] stored) {
        if (stored.length < 1 + NONCE + TAG_BITS / 8) {
            throw new TrustException("record " + text(recordId) + ": stored form too short (" + stored.length + " bytes)");
        }
        if (stored[0] != VERSION) {
            throw new TrustException("record " + text(recordId) + ": unknown format version " + stored[0]);
        }
        Cipher c = gcm.get();
        try {
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(recordKey(recordId), "AES"),
                    new GCMParameterSpec(TAG_BITS, stored, 1, NONCE));
            // the AAD of encrypt(), fed in parts rather than copied into one array
            c.updateAAD(new byte[]{(byte) (recordId.length >>> 24), (byte) (recordId.length >>> 16),
                    (byte) (recordId.length >>> 8), (byte) recordId.length});
            c.updateAAD(recordId);
            c.updateAAD(metadata);
            return c.doFinal(stored, 1 + NONCE, stored.length - 1 - NONCE);
        } catch (AEADBadTagException e) {
            throw new TrustException("record " + text(recordId) + ": does not authenticate: the ciphertext, its record id "
                    + "or its metadata changed", e);
        } catch (GeneralSecurityException e) {
            throw new TrustException("record " + text(recordId) + ": cannot decrypt: " + e.getMessage(), e);
        }
    }

    private static String text(byte[] recordId) {
        return new String(recordId, StandardCharsets.UTF_8);
    }

    /** HKDF-SHA256 with the seed as input keying material and the label and record id as info. */
    byte[] recordKey(String recordId) {
        return recordKey(recordId.getBytes(StandardCharsets.UTF_8));
    }

    /** The expand step: 32 bytes are one block, T(1) = HMAC(PRK, info || 0x01). */
    private byte[] recordKey(byte[] id) {
        Mac mac = expand.get();
        mac.update(LABEL);
        mac.update(id);
        mac.update((byte) 1);
        return mac.doFinal();
    }

    /** The record id (length-prefixed, so id and metadata cannot trade bytes) followed by the metadata. */
    private static byte[] aad(byte[] id, byte[] metadata) {
        return ByteBuffer.allocate(4 + id.length + metadata.length).putInt(id.length).put(id).put(metadata).array();
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    private static Cipher newGcm() {
        try {
            try {
                return Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            } catch (NoSuchProviderException e) {
                return Cipher.getInstance("AES/GCM/NoPadding"); // a JDK without SunJCE (none we know of)
            }
        } catch (NoSuchAlgorithmException | javax.crypto.NoSuchPaddingException e) {
            throw new IllegalStateException("every Java platform has AES/GCM/NoPadding", e);
        }
    }
}
