package io.coalition.trust.hpke;

import io.coalition.trust.TrustException;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;

import java.util.Arrays;

/**
 * Single-shot HPKE (RFC 9180) in base mode with DHKEM(X25519, HKDF-SHA256) and HKDF-SHA256, on Bouncy Castle.
 * Coalition seals with AES-256-GCM ({@link #DEFAULT}); AES-128-GCM is there for RFC 9180's test vectors (A.1).
 * Opening fails closed: any change to the ciphertext, the encapsulated key, the info or the associated data, or
 * the wrong private key, gives a {@link TrustException}, never plaintext.
 */
public final class Hpke {
    /** The AEADs offered. */
    public enum Aead {
        AES_128_GCM(HPKE.aead_AES_GCM128), AES_256_GCM(HPKE.aead_AES_GCM256);

        private final short id;

        Aead(short id) {
            this.id = id;
        }
    }

    /** DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM: what Coalition uses for everything sent to an enclave. */
    public static final Hpke DEFAULT = new Hpke(Aead.AES_256_GCM);

    private final Aead aead;

    public Hpke(Aead aead) {
        this.aead = aead;
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
        return seal(hpke, hpke.setupBaseS(publicKey(hpke, recipientPublicKey), info), aad, plaintext);
    }

    /** Seals with a given ephemeral key pair: only for known-answer tests, never for real messages. */
    Sealed seal(byte[] recipientPublicKey, byte[] info, byte[] aad, byte[] plaintext, KeyPair ephemeral) {
        HPKE hpke = suite();
        AsymmetricCipherKeyPair kpE = hpke.deserializePrivateKey(ephemeral.privateKey(), ephemeral.publicKey());
        return seal(hpke, hpke.setupBaseS(publicKey(hpke, recipientPublicKey), info, kpE), aad, plaintext);
    }

    private static Sealed seal(HPKE hpke, HPKEContextWithEncapsulation ctx, byte[] aad, byte[] plaintext) {
        try {
            return new Sealed(ctx.getEncapsulation(), ctx.seal(aad, plaintext));
        } catch (InvalidCipherTextException e) {
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
        try {
            AsymmetricCipherKeyPair kpR = hpke.deserializePrivateKey(recipient.privateKey(), recipient.publicKey());
            HPKEContext ctx = hpke.setupBaseR(sealed.encapsulatedKey(), kpR, info);
            return ctx.open(aad, sealed.ciphertext());
        } catch (InvalidCipherTextException | IllegalArgumentException | IllegalStateException e) {
            // Bouncy Castle reports a low-order X25519 encapsulated key ("X25519 agreement failed", RFC 9180
            // section 7.1.4) as IllegalStateException; found by EnvelopeFuzzTest
            throw new TrustException("HPKE: the message does not open with this key, info and associated data", e);
        }
    }

    private static KeyPair export(HPKE hpke, AsymmetricCipherKeyPair kp) {
        return new KeyPair(hpke.serializePublicKey(kp.getPublic()), hpke.serializePrivateKey(kp.getPrivate()));
    }

    private static org.bouncycastle.crypto.params.AsymmetricKeyParameter publicKey(HPKE hpke, byte[] raw) {
        if (raw.length != 32) throw new TrustException("HPKE: an X25519 public key has 32 bytes, got " + raw.length);
        if (Arrays.equals(raw, new byte[32])) throw new TrustException("HPKE: the all-zero X25519 public key is invalid");
        return hpke.deserializePublicKey(raw);
    }
}
