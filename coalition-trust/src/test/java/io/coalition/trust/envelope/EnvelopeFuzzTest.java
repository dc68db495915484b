package io.coalition.trust.envelope;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.coalition.trust.TrustException;
import io.coalition.trust.hpke.Hpke;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Opening envelopes whose fields come from the network. Two attackers: one who cannot sign (any header,
 * encapsulated key, ciphertext and signature bytes), and an authenticated sender who signs garbage, which
 * drives the HPKE decapsulation and AEAD with arbitrary bytes. Opening returns the payload or throws
 * {@link TrustException}; nothing else may escape.
 */
class EnvelopeFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Parties P = new Parties();

    private static final class Parties {
        final KeyPair senderKeys;
        final X509Certificate sender;
        final X509Certificate recipient;
        final Hpke.KeyPair recipientHpke = Hpke.DEFAULT.generateKeyPair();

        Parties() {
            try {
                senderKeys = EnvelopesTest.ecKeys();
                sender = EnvelopesTest.certificate("hospital", senderKeys);
                recipient = EnvelopesTest.certificate("trusted-miner", EnvelopesTest.ecKeys());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void open(FuzzedDataProvider data) {
        boolean signByHarness = data.consumeBoolean();
        boolean realFingerprints = data.consumeBoolean();
        String messageId = data.consumeString(40);
        String purpose = data.consumeBoolean() ? "event-log" : data.consumeString(20);
        String senderFp = realFingerprints ? Envelopes.fingerprint(P.sender) : data.consumeString(70);
        String recipientFp = realFingerprints ? Envelopes.fingerprint(P.recipient) : data.consumeString(70);
        Instant created = NOW.plusSeconds(data.consumeLong(-3600, 3600));
        byte[] encapsulatedKey = data.consumeBytes(data.consumeInt(0, 40));
        byte[] signature = data.consumeBytes(data.consumeInt(0, 80));
        byte[] ciphertext = data.consumeRemainingAsBytes();
        Envelope.Header header = new Envelope.Header(messageId, purpose, senderFp, recipientFp, created);
        Envelope envelope = new Envelope(header, encapsulatedKey, ciphertext, signature);
        if (signByHarness) envelope = new Envelope(header, encapsulatedKey, ciphertext, sign(envelope));
        Envelopes opener = new Envelopes(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(10));
        try {
            byte[] payload = opener.open(envelope, "event-log", P.sender, P.recipient, P.recipientHpke);
            // only a correctly sealed ciphertext opens; random bytes pass the 16-byte GCM tag with odds 2^-128
            assertThat(payload).isNotNull();
        } catch (TrustException expected) {
            // refused with a reason
        }
    }

    /** The fuzzer's finding (kept in EnvelopeFuzzTestInputs/open/crash-low-order-x25519-key). */
    @Test
    void open_lowOrderEncapsulatedKeyFromAnAuthenticSender_fails() {
        Envelope.Header header = new Envelope.Header("m-1", "event-log", Envelopes.fingerprint(P.sender),
                Envelopes.fingerprint(P.recipient), NOW);
        byte[] lowOrder = new byte[32];  // the X25519 point 0: every shared secret with it is zero
        Envelope unsigned = new Envelope(header, lowOrder, new byte[32], new byte[0]);
        Envelope signed = new Envelope(header, lowOrder, new byte[32], sign(unsigned));
        Envelopes opener = new Envelopes(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(10));
        assertThatThrownBy(() -> opener.open(signed, "event-log", P.sender, P.recipient, P.recipientHpke))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("envelope m-1: does not decrypt with this recipient's key")
                .cause().hasMessage("HPKE: the message does not open with this key, info and associated data");
    }

    private static byte[] sign(Envelope unsigned) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(P.senderKeys.getPrivate());
            s.update(unsigned.signedBytes());
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
