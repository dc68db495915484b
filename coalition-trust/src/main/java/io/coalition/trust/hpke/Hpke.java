package io.coalition.trust.hpke;

import io.coalition.trust.TrustException;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Single-shot HPKE (RFC 9180) in base mode with DHKEM(X25519, HKDF-SHA256) and HKDF-SHA256.
 * Coalition seals with AES-256-GCM ({@link #DEFAULT}); AES-128-GCM is there for RFC 9180's test vectors (A.1).
 * Opening fails closed: any change to the ciphertext, the encapsulated key, the info or the associated data, or
 * the wrong private key, gives a {@link TrustException}, never plaintext.
 *
 * <p>Key pairs, derivation and the exporter are Bouncy Castle's HPKE. {@link #seal} and {@link #open} run the same
 * scheme with the AEAD on the JDK (issue 7): Bouncy Castle's X25519 for the DH, RFC 9180's labeled HKDF on JCA's
 * HMAC-SHA256 for the KEM's shared secret (section 4.1) and the key schedule (section 5.1), then the JDK's
 * AES-GCM, which uses AES-NI and carry-less multiply where Bouncy Castle's lightweight GCM is plain Java (a CCU
 * response sealed here can be megabytes). The bytes are the same: RFC 9180's A.1 vector and cross-checks against
 * Bouncy Castle's HPKE in both directions (HpkeTest) prove it.
 */
public final class Hpke {
    /** The AEADs offered. */
    public enum Aead {
        AES_128_GCM(HPKE.aead_AES_GCM128, 16), AES_256_GCM(HPKE.aead_AES_GCM256, 32);

        private final short id;
        private final int keyLength;

        Aead(short id, int keyLength) {
            this.id = id;
            this.keyLength = keyLength;
        }
    }

    /** DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM: what Coalition uses for everything sent to an enclave. */
    public static final Hpke DEFAULT = new Hpke(Aead.AES_256_GCM);

    private final Aead aead;
    /** suite_id of the key schedule: "HPKE" || kem_id || kdf_id || aead_id (RFC 9180, section 5.1). */
    private final byte[] suiteId;

    public Hpke(Aead aead) {
        this.aead = aead;
        this.suiteId = new byte[]{'H', 'P', 'K', 'E', 0, (byte) HPKE.kem_X25519_SHA256, 0, (byte) HPKE.kdf_HKDF_SHA256,
                (byte) (aead.id >>> 8), (byte) aead.id};
    }

    private HPKE suite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, aead.id);
    }

    /** An X25519 key pair as raw 32-byte keys. */
    public record KeyPair(byte[] publicKey, byte[] privateKey) {
        public KeyPair {
            publicKey = publicKey.clone();
            privateKey = privateKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }

        @Override
        public String toString() {
            return "KeyPair[public=" + java.util.HexFormat.of().formatHex(publicKey) + ", private=(hidden)]";
        }
    }

    /** The encapsulated key and the ciphertext of one sealed message. */
    public record Sealed(byte[] encapsulatedKey, byte[] ciphertext) {
        public Sealed {
            encapsulatedKey = encapsulatedKey.clone();
            ciphertext = ciphertext.clone();
        }

        @Override
        public byte[] encapsulatedKey() {
            return encapsulatedKey.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }
    }

    /** A fresh random key pair. */
    public KeyPair generateKeyPair() {
        return export(suite(), suite().generatePrivateKey());
    }

    /** DeriveKeyPair(ikm) of RFC 9180, section 7.1.3. */
    public KeyPair deriveKeyPair(byte[] ikm) {
        HPKE hpke = suite();
        return export(hpke, hpke.deriveKeyPair(ikm));
    }

    /** Seals {@code plaintext} to the holder of {@code recipientPublicKey}. */
    public Sealed seal(byte[] recipientPublicKey, byte[] info, byte[] aad, byte[] plaintext) {
        HPKE hpke = suite();
        AsymmetricKeyParameter pkR = publicKey(hpke, recipientPublicKey);
        return seal(pkR, recipientPublicKey, info, aad, plaintext, hpke.generatePrivateKey());
    }

    /** Seals with a given ephemeral key pair: only for known-answer tests, never for real messages. */
    Sealed seal(byte[] recipientPublicKey, byte[] info, byte[] aad, byte[] plaintext, KeyPair ephemeral) {
        HPKE hpke = suite();
        AsymmetricCipherKeyPair kpE = hpke.deserializePrivateKey(ephemeral.privateKey(), ephemeral.publicKey());
        return seal(publicKey(hpke, recipientPublicKey), recipientPublicKey, info, aad, plaintext, kpE);
    }

    /** SealBase (RFC 9180, section 6.1): Encap, the key schedule, then Seal with sequence number 0. */
    private Sealed seal(AsymmetricKeyParameter pkR, byte[] pkRm, byte[] info, byte[] aad, byte[] plaintext,
                        AsymmetricCipherKeyPair ephemeral) {
        byte[] enc = suite().serializePublicKey(ephemeral.getPublic());
        byte[] sharedSecret;
        try {
            sharedSecret = sharedSecret(dh(ephemeral, pkR), enc, pkRm);
        } catch (IllegalStateException e) {
            // a low-order recipient key: the DH output is all zero (RFC 9180, section 7.1.4)
            throw new TrustException("HPKE: cannot seal: " + e.getMessage(), e);
        }
        try {
            Cipher c = gcm(Cipher.ENCRYPT_MODE, sharedSecret, info);
            c.updateAAD(aad);
            return new Sealed(enc, c.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new TrustException("HPKE: cannot seal: " + e.getMessage(), e);
        }
    }

    /** A sender's encapsulated key and the secret it exported from the HPKE context (RFC 9180, section 5.3). */
    public record Exported(byte[] encapsulatedKey, byte[] secret) {
        public Exported {
            encapsulatedKey = encapsulatedKey.clone();
            secret = secret.clone();
        }

        @Override
        public byte[] encapsulatedKey() {
            return encapsulatedKey.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public String toString() {
            return "Exported[enc=" + java.util.HexFormat.of().formatHex(encapsulatedKey) + ", secret=(hidden)]";
        }
    }

    /**
     * Sets up a sender context to {@code recipientPublicKey} and exports {@code length} bytes for
     * {@code exporterContext} (RFC 9180, section 5.3): one asymmetric setup, then a symmetric key for any number of
     * messages. The secret is not authenticated by itself: a wrong encapsulated key or info gives another secret,
     * so the caller must use it with an AEAD (a wrong secret then fails to open).
     */
    public Exported export(byte[] recipientPublicKey, byte[] info, byte[] exporterContext, int length) {
        HPKE hpke = suite();
        HPKEContextWithEncapsulation ctx = hpke.setupBaseS(publicKey(hpke, recipientPublicKey), info);
        return new Exported(ctx.getEncapsulation(), ctx.export(exporterContext, length));
    }

    /** The recipient's side of {@link #export(byte[], byte[], byte[], int)}: the same secret from the encapsulated key. */
    public byte[] export(KeyPair recipient, byte[] encapsulatedKey, byte[] info, byte[] exporterContext, int length) {
        HPKE hpke = suite();
        try {
            AsymmetricCipherKeyPair kpR = hpke.deserializePrivateKey(recipient.privateKey(), recipient.publicKey());
            return hpke.setupBaseR(encapsulatedKey, kpR, info).export(exporterContext, length);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a malformed or low-order encapsulated key (RFC 9180, section 7.1.4)
            throw new TrustException("HPKE: the encapsulated key is not a valid X25519 public key", e);
        }
    }

    /** Opens a sealed message with the recipient's key pair, the same info and associated data. */
    public byte[] open(KeyPair recipient, Sealed sealed, byte[] info, byte[] aad) {
        HPKE hpke = suite();
        String refused = "HPKE: the message does not open with this key, info and associated data";
        if (sealed.ciphertext().length < TAG_BITS / 8) {
            // JDK 17's GCM throws a ProviderException (ShortBufferException) for input shorter than the tag
            throw new TrustException(refused);
        }
        try {
            byte[] enc = sealed.encapsulatedKey();
            AsymmetricCipherKeyPair kpR = hpke.deserializePrivateKey(recipient.privateKey(), recipient.publicKey());
            // Decap (RFC 9180, section 4.1): DH with the sender's ephemeral key, kem_context = enc || pkRm
            byte[] sharedSecret = sharedSecret(dh(kpR, hpke.deserializePublicKey(enc)), enc, recipient.publicKey());
            Cipher c = gcm(Cipher.DECRYPT_MODE, sharedSecret, info);
            c.updateAAD(aad);
            return c.doFinal(sealed.ciphertext());
        } catch (AEADBadTagException | IllegalArgumentException | IllegalStateException e) {
            // Bouncy Castle reports a low-order X25519 encapsulated key ("X25519 agreement failed", RFC 9180
            // section 7.1.4) as IllegalStateException; found by EnvelopeFuzzTest
            throw new TrustException(refused, e);
        } catch (GeneralSecurityException e) {
            throw new TrustException(refused, e);
        }
    }

    private static final byte[] VERSION = ascii("HPKE-v1");
    /** The KEM's suite_id: "KEM" || kem_id (RFC 9180, section 4.1). */
    private static final byte[] KEM_SUITE = {'K', 'E', 'M', 0, (byte) HPKE.kem_X25519_SHA256};
    private static final byte[] EAE_PRK = ascii("eae_prk");
    private static final byte[] SHARED_SECRET = ascii("shared_secret");
    private static final byte[] PSK_ID_HASH = ascii("psk_id_hash");
    private static final byte[] INFO_HASH = ascii("info_hash");
    private static final byte[] SECRET = ascii("secret");
    private static final byte[] KEY = ascii("key");
    private static final byte[] BASE_NONCE = ascii("base_nonce");
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;

    /** X25519 with Bouncy Castle; IllegalStateException if the result is all zero (a low-order point). */
    private static byte[] dh(AsymmetricCipherKeyPair own, AsymmetricKeyParameter peer) {
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(own.getPrivate());
        byte[] dh = new byte[agreement.getAgreementSize()];
        agreement.calculateAgreement(peer, dh, 0);
        return dh;
    }

    /** DHKEM's ExtractAndExpand(dh, enc || pkRm) (RFC 9180, section 4.1). */
    private static byte[] sharedSecret(byte[] dh, byte[] enc, byte[] pkRm) {
        Mac mac = hmac();
        byte[] eaePrk = labeledExtract(mac, KEM_SUITE, null, EAE_PRK, dh);
        byte[] kemContext = Arrays.copyOf(enc, enc.length + pkRm.length);
        System.arraycopy(pkRm, 0, kemContext, enc.length, pkRm.length);
        return labeledExpand(mac, KEM_SUITE, eaePrk, SHARED_SECRET, kemContext, 32);
    }

    /**
     * KeySchedule in base mode (RFC 9180, section 5.1; no PSK), then the JDK's AES-GCM under {@code key} with
     * {@code base_nonce}: a single-shot message is sequence number 0, whose nonce is the base nonce itself.
     */
    private Cipher gcm(int mode, byte[] sharedSecret, byte[] info) throws GeneralSecurityException {
        Mac mac = hmac();
        byte[] pskIdHash = labeledExtract(mac, suiteId, null, PSK_ID_HASH, new byte[0]);
        byte[] infoHash = labeledExtract(mac, suiteId, null, INFO_HASH, info);
        byte[] context = new byte[1 + pskIdHash.length + infoHash.length];
        context[0] = HPKE.mode_base;
        System.arraycopy(pskIdHash, 0, context, 1, pskIdHash.length);
        System.arraycopy(infoHash, 0, context, 1 + pskIdHash.length, infoHash.length);
        byte[] secret = labeledExtract(mac, suiteId, sharedSecret, SECRET, new byte[0]);
        byte[] key = labeledExpand(mac, suiteId, secret, KEY, context, aead.keyLength);
        byte[] nonce = labeledExpand(mac, suiteId, secret, BASE_NONCE, context, NONCE_LENGTH);
        Cipher c;
        try {
            c = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        } catch (java.security.NoSuchProviderException e) {
            c = Cipher.getInstance("AES/GCM/NoPadding"); // a JDK without SunJCE (none we know of)
        }
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return c;
    }

    /** LabeledExtract(salt, label, ikm) = HKDF-Extract(salt, "HPKE-v1" || suite_id || label || ikm); no salt: zeros. */
    private static byte[] labeledExtract(Mac mac, byte[] suite, byte[] salt, byte[] label, byte[] ikm) {
        init(mac, salt == null || salt.length == 0 ? new byte[32] : salt);
        mac.update(VERSION);
        mac.update(suite);
        mac.update(label);
        mac.update(ikm);
        return mac.doFinal();
    }

    /**
     * LabeledExpand(prk, label, info, L) = HKDF-Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info, L)
     * for L up to 32, HKDF's first block: T(1) = HMAC(prk, info' || 0x01).
     */
    private static byte[] labeledExpand(Mac mac, byte[] suite, byte[] prk, byte[] label, byte[] info, int length) {
        if (length > 32) throw new IllegalStateException("HPKE: expanding " + length + " bytes, at most 32 supported");
        init(mac, prk);
        mac.update((byte) (length >>> 8));
        mac.update((byte) length);
        mac.update(VERSION);
        mac.update(suite);
        mac.update(label);
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    private static Mac hmac() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    private static void init(Mac mac, byte[] key) {
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 takes any key", e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static KeyPair export(HPKE hpke, AsymmetricCipherKeyPair kp) {
        return new KeyPair(hpke.serializePublicKey(kp.getPublic()), hpke.serializePrivateKey(kp.getPrivate()));
    }

    private static AsymmetricKeyParameter publicKey(HPKE hpke, byte[] raw) {
        if (raw.length != 32) throw new TrustException("HPKE: an X25519 public key has 32 bytes, got " + raw.length);
        if (Arrays.equals(raw, new byte[32])) throw new TrustException("HPKE: the all-zero X25519 public key is invalid");
        return hpke.deserializePublicKey(raw);
    }
}
