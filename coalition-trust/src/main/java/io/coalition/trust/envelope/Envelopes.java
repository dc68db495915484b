package io.coalition.trust.envelope;

import io.coalition.trust.TrustException;
import io.coalition.trust.hpke.Hpke;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * Seals and opens {@link Envelope}s.
 *
 * <p>Opening checks, in this order, and fails closed with the first reason that applies: the envelope is for this
 * recipient and purpose, the sender certificate is the one named in the header, the signature verifies with it,
 * the envelope is not older than the replay window nor from the future, its id was not seen before, and the
 * HPKE ciphertext opens. Whether the sender certificate itself is trustworthy (chain, revocation, expiry) is the
 * PKI's check
 * ({@link io.coalition.trust.pki.CertificateValidator}), done by the caller before.
 */
public final class Envelopes {
    private final Clock clock;
    private final Duration window;
    private final Map<String, Instant> seen = new HashMap<>();

    /** An opener that refuses envelopes older than {@code window} and any id it has already opened. */
    public Envelopes(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    /** Seals {@code payload} to the recipient's HPKE key, signed with the sender's key. */
    public Envelope seal(byte[] payload, String purpose, X509Certificate sender, PrivateKey senderKey,
                         X509Certificate recipient, byte[] recipientHpkeKey) {
        Envelope.Header header = new Envelope.Header(UUID.randomUUID().toString(), purpose, fingerprint(sender),
                fingerprint(recipient), clock.instant());
        Hpke.Sealed sealed = Hpke.DEFAULT.seal(recipientHpkeKey, Envelope.info(header), header.encode(), payload);
        Envelope unsigned = new Envelope(header, sealed.encapsulatedKey(), sealed.ciphertext(), new byte[0]);
        try {
            Signature s = io.coalition.trust.Ecdsa.sha256(); // Bouncy Castle on shared P-256 parameters (see Ecdsa)
            s.initSign(senderKey);
            s.update(unsigned.signedBytes());
            return new Envelope(header, sealed.encapsulatedKey(), sealed.ciphertext(), s.sign());
        } catch (GeneralSecurityException e) {
            throw new TrustException("envelope: cannot sign: " + e.getMessage(), e);
        }
    }

    /** Opens an envelope addressed to {@code recipient} for {@code purpose}; see the class comment for the checks. */
    public synchronized byte[] open(Envelope envelope, String purpose, X509Certificate sender,
                                    X509Certificate recipient, Hpke.KeyPair recipientHpkeKeys) {
        Envelope.Header h = envelope.header();
        if (!h.recipientFingerprint().equals(fingerprint(recipient))) {
            throw new TrustException("envelope " + h.messageId() + ": addressed to another recipient");
        }
        if (!h.purpose().equals(purpose)) {
            throw new TrustException("envelope " + h.messageId() + ": purpose '" + h.purpose() + "', expected '" + purpose + "'");
        }
        if (!h.senderFingerprint().equals(fingerprint(sender))) {
            throw new TrustException("envelope " + h.messageId() + ": the sender certificate is not the one it names");
        }
        if (!verifies(envelope, sender)) {
            throw new TrustException("envelope " + h.messageId() + ": the sender's signature does not verify");
        }
        Instant now = clock.instant();
        if (h.created().isBefore(now.minus(window))) {
            throw new TrustException("envelope " + h.messageId() + ": sealed at " + h.created() + ", older than the "
                    + window.toMinutes() + " min replay window");
        }
        if (h.created().isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw new TrustException("envelope " + h.messageId() + ": sealed at " + h.created() + ", in the future");
        }
        forgetExpired(now);
        if (seen.containsKey(h.messageId())) {
            throw new TrustException("envelope " + h.messageId() + ": already opened once (replay)");
        }
        byte[] payload;
        try {
            payload = Hpke.DEFAULT.open(recipientHpkeKeys, new Hpke.Sealed(envelope.encapsulatedKey(),
                    envelope.ciphertext()), Envelope.info(h), h.encode());
        } catch (TrustException e) {
            throw new TrustException("envelope " + h.messageId() + ": does not decrypt with this recipient's key", e);
        }
        seen.put(h.messageId(), h.created());
        return payload;
    }

    /**
     * Forgets that envelope {@code messageId} was opened, so it opens once more: for a caller whose own step of
     * accepting it failed after {@link #open} (a shared replay store that could not answer), and that therefore
     * neither used nor answered it. The caller's own acceptance record (the shared store) still refuses a replay.
     */
    public synchronized void release(String messageId) {
        seen.remove(messageId);
    }

    private static boolean verifies(Envelope envelope, X509Certificate sender) {
        try {
            Signature s = io.coalition.trust.Ecdsa.sha256(); // Bouncy Castle: several times faster P-256 verification
            s.initVerify(sender.getPublicKey());
            s.update(envelope.signedBytes());
            return s.verify(envelope.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Ids older than the window cannot be replayed anyway (the age check refuses them), so they are dropped. */
    private void forgetExpired(Instant now) {
        Instant limit = now.minus(window);
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next().isBefore(limit)) it.remove();
        }
    }

    /** SHA-256 of the certificate's DER encoding, hex. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new TrustException("cannot fingerprint certificate: " + e.getMessage(), e);
        }
    }
}
