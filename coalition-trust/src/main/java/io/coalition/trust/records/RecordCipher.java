package io.coalition.trust.records;

import io.coalition.trust.TrustException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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
 */
public final class RecordCipher {
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] LABEL = "coalition record key".getBytes(StandardCharsets.US_ASCII);

    private final byte[] seed;
    private final SecureRandom random;

    /** A cipher under a secret seed of at least 32 bytes (e.g. a sealed enclave secret). */
    public RecordCipher(byte[] seed) {
        this(seed, new SecureRandom());
    }

    RecordCipher(byte[] seed, SecureRandom random) {
        if (seed.length < 32) throw new IllegalArgumentException("the seed needs at least 32 bytes, got " + seed.length);
        this.seed = seed.clone();
        this.random = random;
    }

    /** Encrypts {@code plaintext} as record {@code recordId} with {@code metadata} bound to it. */
    public byte[] encrypt(String recordId, byte[] metadata, byte[] plaintext) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher gcm = cipher(Cipher.ENCRYPT_MODE, recordId, nonce);
            gcm.updateAAD(aad(recordId, metadata));
            byte[] ct = gcm.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE + ct.length).put(VERSION).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new TrustException("record " + recordId + ": cannot encrypt: " + e.getMessage(), e);
        }
    }

    /** Decrypts record {@code recordId}; {@link TrustException} if anything about it was changed or moved. */
    public byte[] decrypt(String recordId, byte[] metadata, byte[] stored) {
        if (stored.length < 1 + NONCE + TAG_BITS / 8) {
            throw new TrustException("record " + recordId + ": stored form too short (" + stored.length + " bytes)");
        }
        if (stored[0] != VERSION) {
            throw new TrustException("record " + recordId + ": unknown format version " + stored[0]);
        }
        byte[] nonce = Arrays.copyOfRange(stored, 1, 1 + NONCE);
        try {
            Cipher gcm = cipher(Cipher.DECRYPT_MODE, recordId, nonce);
            gcm.updateAAD(aad(recordId, metadata));
            return gcm.doFinal(stored, 1 + NONCE, stored.length - 1 - NONCE);
        } catch (AEADBadTagException e) {
            throw new TrustException("record " + recordId + ": does not authenticate: the ciphertext, its record id "
                    + "or its metadata changed", e);
        } catch (GeneralSecurityException e) {
            throw new TrustException("record " + recordId + ": cannot decrypt: " + e.getMessage(), e);
        }
    }

    private Cipher cipher(int mode, String recordId, byte[] nonce) throws GeneralSecurityException {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(mode, new SecretKeySpec(recordKey(recordId), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return gcm;
    }

    /** HKDF-SHA256 with the seed as input keying material and the label and record id as info. */
    byte[] recordKey(String recordId) {
        byte[] id = recordId.getBytes(StandardCharsets.UTF_8);
        byte[] info = ByteBuffer.allocate(LABEL.length + id.length).put(LABEL).put(id).array();
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(seed, null, info));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    /** The record id (length-prefixed, so id and metadata cannot trade bytes) followed by the metadata. */
    private static byte[] aad(String recordId, byte[] metadata) {
        byte[] id = recordId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + id.length + metadata.length).putInt(id.length).put(id).put(metadata).array();
    }
}
