package io.coalition.trust.records;

import io.coalition.trust.TrustException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;

/**
 * Encryption of records at rest: each record gets its own key, HKDF-SHA256(seed, suite label || record id), and
 * its metadata is the associated data. A ciphertext therefore opens only under its own record id and unchanged
 * metadata: a blob copied to another record, or a record whose metadata was edited, fails to open rather than
 * decrypting to something plausible.
 *
 * <p>Stored form: {@code version (1) | nonce (12) | ciphertext with its 16-byte tag}; the version byte names the
 * {@link Suite}. {@link #encrypt} writes the faster suite for the record's size ({@link #suiteFor}) unless the
 * cipher was made with one suite; {@link #decrypt} opens every suite, so records stored earlier still open. Nonces are random; with a key per
 * record, a record would need billions of rewrites before a nonce collision became likely.
 *
 * <p>Cost per record (the CCU opens one blob per record per decision): HKDF's extract step depends on the seed
 * alone, so it is done once; a record key is then one HMAC (the expand step's single block). The AEADs are the
 * JDK's (SunJCE) rather than whichever provider is registered first. Thread-safe: each thread keeps its own
 * {@link Mac} and one {@link Cipher} per suite.
 */
public final class RecordCipher {
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    /** The AEAD a stored form was written with, named by its version byte. */
    public enum Suite {
        /**
         * Version 1: AES-256-GCM, on AES-NI and CLMUL. JDK 17 expands two AES key schedules per new key (~1.4 µs
         * of set-up per record), then runs at GB/s: the faster suite above {@link #CHACHA_MAX_BYTES}.
         */
        AES_256_GCM(1, "coalition record key", "AES/GCM/NoPadding", "AES"),
        /**
         * Version 2: ChaCha20-Poly1305 (RFC 8439). Its key set-up is a copy, not a key schedule, so opening a small
         * record under a new key costs ~45 % less than AES-GCM (0.8 against 1.5 µs for a 34-byte light copy); but
         * JDK 17 runs it in plain Java (~4 ns per byte): the faster suite up to {@link #CHACHA_MAX_BYTES}.
         */
        CHACHA20_POLY1305(2, "coalition chacha20-poly1305 record key", "ChaCha20-Poly1305", "ChaCha20");

        /**
         * Plaintexts up to this many bytes are written with ChaCha20-Poly1305, longer ones with AES-256-GCM: opened
         * under a new key each, the two cost about the same at 256 bytes (coalition-bench {@code decisions}' floor,
         * JDK 17, 2026-11-24: 1.67 against 1.71 µs; 0.92 against 1.50 µs at 64 bytes, 4.67 against 2.17 µs at 1 KiB).
         */
        public static final int CHACHA_MAX_BYTES = 256;

        final byte version;
        /** HKDF info prefix: a suite's keys are never another suite's (the labels differ before either ends). */
        final byte[] label;
        private final String transformation;
        private final String keyAlgorithm;

        Suite(int version, String label, String transformation, String keyAlgorithm) {
            this.version = (byte) version;
            this.label = label.getBytes(StandardCharsets.US_ASCII);
            this.transformation = transformation;
            this.keyAlgorithm = keyAlgorithm;
        }

        /** The version byte of this suite's stored form. */
        public int version() {
            return version;
        }

        private AlgorithmParameterSpec parameters(byte[] stored, int offset) {
            return this == AES_256_GCM ? new GCMParameterSpec(TAG_BITS, stored, offset, NONCE)
                    : new IvParameterSpec(stored, offset, NONCE);
        }

        private Cipher newCipher() {
            try {
                try {
                    return Cipher.getInstance(transformation, "SunJCE");
                } catch (NoSuchProviderException e) {
                    return Cipher.getInstance(transformation); // a JDK without SunJCE (none we know of)
                }
            } catch (NoSuchAlgorithmException | javax.crypto.NoSuchPaddingException e) {
                throw new IllegalStateException("every Java 11+ platform has " + transformation, e);
            }
        }

        private static Suite of(byte version) {
            for (Suite s : values()) if (s.version == version) return s;
            return null;
        }
    }

    private final byte[] prk;
    private final SecureRandom random;
    /** The one suite {@link #encrypt} writes, or null: the faster one for each record's size. */
    private final Suite suite;
    private final ThreadLocal<Mac> expand;
    private final ThreadLocal<ThreadCiphers> ciphers = ThreadLocal.withInitial(ThreadCiphers::new);

    /**
     * A cipher under a secret seed of at least 32 bytes (e.g. a sealed enclave secret), writing each record with the
     * faster suite for its size ({@link #suiteFor}).
     */
    public RecordCipher(byte[] seed) {
        this(seed, null, new SecureRandom());
    }

    /** As {@link #RecordCipher(byte[])}, writing every record with {@code suite} (it still opens every suite). */
    public RecordCipher(byte[] seed, Suite suite) {
        this(seed, java.util.Objects.requireNonNull(suite, "suite"), new SecureRandom());
    }

    RecordCipher(byte[] seed, Suite suite, SecureRandom random) {
        if (seed.length < 32) throw new IllegalArgumentException("the seed needs at least 32 bytes, got " + seed.length);
        // RFC 5869 extract with no salt: HMAC keyed with HashLen zero bytes
        this.prk = hmac(new byte[32]).doFinal(seed);
        this.suite = suite;
        this.random = random;
        this.expand = ThreadLocal.withInitial(() -> hmac(prk));
    }

    /** The suite {@link #encrypt} writes a plaintext of {@code length} bytes with. */
    public Suite suiteFor(int length) {
        if (suite != null) return suite;
        return length <= Suite.CHACHA_MAX_BYTES ? Suite.CHACHA20_POLY1305 : Suite.AES_256_GCM;
    }

    /** Encrypts {@code plaintext} as record {@code recordId} with {@code metadata} bound to it. */
    public byte[] encrypt(String recordId, byte[] metadata, byte[] plaintext) {
        byte[] id = recordId.getBytes(StandardCharsets.UTF_8);
        Suite suite = suiteFor(plaintext.length);
        byte[] out = new byte[1 + NONCE + plaintext.length + TAG_BITS / 8];
        out[0] = suite.version;
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 1, NONCE);
        try {
            Cipher c = ciphers.get().init(suite, Cipher.ENCRYPT_MODE, recordKey(suite, id), out);
            aad(c, id, metadata);
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
        Suite s = Suite.of(stored[0]);
        if (s == null) throw new TrustException("record " + text(recordId) + ": unknown format version " + stored[0]);
        try {
            Cipher c = ciphers.get().init(s, Cipher.DECRYPT_MODE, recordKey(s, recordId), stored);
            aad(c, recordId, metadata);
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

    /** One thread's ciphers, one per suite, made on first use. */
    private static final class ThreadCiphers {
        private final Cipher[] bySuite = new Cipher[Suite.values().length];
        /** Key and nonce of this thread's last ChaCha20-Poly1305 init (see {@link #init}). */
        private byte[] lastChaChaKey;
        private final byte[] lastChaChaNonce = new byte[NONCE];

        /** The suite's cipher initialised with {@code key} and the nonce at {@code stored[1..12]}. */
        Cipher init(Suite s, int mode, byte[] key, byte[] stored) throws GeneralSecurityException {
            Cipher c = bySuite[s.ordinal()];
            if (c == null) c = bySuite[s.ordinal()] = s.newCipher();
            if (s == Suite.CHACHA20_POLY1305) {
                // SunJCE (JDK 17) refuses an init, in either mode, with the previous init's key and nonce: opening
                // the same record twice in a row (or again after a failed open) first goes through another nonce
                if (Arrays.equals(key, lastChaChaKey)
                        && Arrays.equals(stored, 1, 1 + NONCE, lastChaChaNonce, 0, NONCE)) {
                    byte[] other = Arrays.copyOfRange(stored, 1, 1 + NONCE);
                    other[0] ^= 1;
                    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, s.keyAlgorithm), new IvParameterSpec(other));
                }
                lastChaChaKey = key;
                System.arraycopy(stored, 1, lastChaChaNonce, 0, NONCE);
            }
            c.init(mode, new SecretKeySpec(key, s.keyAlgorithm), s.parameters(stored, 1));
            return c;
        }
    }

    /** The record id (length-prefixed, so id and metadata cannot trade bytes) followed by the metadata, in parts. */
    private static void aad(Cipher c, byte[] id, byte[] metadata) {
        c.updateAAD(new byte[]{(byte) (id.length >>> 24), (byte) (id.length >>> 16), (byte) (id.length >>> 8),
                (byte) id.length});
        c.updateAAD(id);
        c.updateAAD(metadata);
    }

    /** HKDF-SHA256 with the seed as input keying material and the suite's label and the record id as info. */
    byte[] recordKey(Suite s, String recordId) {
        return recordKey(s, recordId.getBytes(StandardCharsets.UTF_8));
    }

    /** The expand step: 32 bytes are one block, T(1) = HMAC(PRK, info || 0x01). */
    private byte[] recordKey(Suite s, byte[] id) {
        Mac mac = expand.get();
        mac.update(s.label);
        mac.update(id);
        mac.update((byte) 1);
        return mac.doFinal();
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
}
