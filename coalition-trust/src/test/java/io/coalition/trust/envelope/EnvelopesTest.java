package io.coalition.trust.envelope;

import io.coalition.trust.TrustException;
import io.coalition.trust.hpke.Hpke;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopesTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static KeyPair hospitalKeys;
    static KeyPair minerKeys;
    static KeyPair otherKeys;
    static X509Certificate hospital;
    static X509Certificate miner;
    static X509Certificate other;
    static Hpke.KeyPair minerHpke;

    static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static X509Certificate certificate(String name, KeyPair keys) throws Exception {
        X500Name subject = new X500Name("CN=" + name + ",O=Coalition test");
        var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(name.hashCode() & 0xffff),
                Date.from(NOW.minusSeconds(86400)), Date.from(NOW.plusSeconds(86400 * 365)), subject, keys.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    @BeforeAll
    static void participants() throws Exception {
        hospitalKeys = ecKeys();
        minerKeys = ecKeys();
        otherKeys = ecKeys();
        hospital = certificate("hospital", hospitalKeys);
        miner = certificate("trusted-miner", minerKeys);
        other = certificate("insurer", otherKeys);
        minerHpke = Hpke.DEFAULT.generateKeyPair();
    }

    private static Envelopes at(Instant now) {
        return new Envelopes(Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(10));
    }

    private static Envelope sealed() {
        return at(NOW).seal("hospital event log".getBytes(), "event-log", hospital, hospitalKeys.getPrivate(), miner,
                minerHpke.publicKey());
    }

    @Test
    void released_opensOnceMore_thenIsAReplayAgain() {
        Envelopes opener = at(NOW.plusSeconds(30));
        Envelope e = sealed();
        Envelope other = sealed();
        opener.open(e, "event-log", hospital, miner, minerHpke);
        opener.open(other, "event-log", hospital, miner, minerHpke);
        opener.release(e.header().messageId());
        assertThat(opener.open(e, "event-log", hospital, miner, minerHpke)).isEqualTo("hospital event log".getBytes());
        assertThatThrownBy(() -> opener.open(e, "event-log", hospital, miner, minerHpke))
                .hasMessage("envelope " + e.header().messageId() + ": already opened once (replay)");
        // releasing one id leaves the others marked
        assertThatThrownBy(() -> opener.open(other, "event-log", hospital, miner, minerHpke))
                .hasMessage("envelope " + other.header().messageId() + ": already opened once (replay)");
    }

    @Test
    void opensOnceForTheRightRecipientAndPurpose() {
        Envelopes opener = at(NOW.plusSeconds(30));
        Envelope e = sealed();
        assertThat(opener.open(e, "event-log", hospital, miner, minerHpke)).isEqualTo("hospital event log".getBytes());
        assertThatThrownBy(() -> opener.open(e, "event-log", hospital, miner, minerHpke))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("envelope " + e.header().messageId() + ": already opened once (replay)");
    }

    @Test
    void eachTamperingHasItsOwnReason() {
        Envelope e = sealed();
        String id = e.header().messageId();
        Envelopes opener = at(NOW.plusSeconds(30));
        assertThatThrownBy(() -> opener.open(e, "event-log", hospital, other, minerHpke))
                .isExactlyInstanceOf(TrustException.class).hasMessage("envelope " + id + ": addressed to another recipient");
        assertThatThrownBy(() -> opener.open(e, "model", hospital, miner, minerHpke))
                .isExactlyInstanceOf(TrustException.class).hasMessage("envelope " + id + ": purpose 'event-log', expected 'model'");
        assertThatThrownBy(() -> opener.open(e, "event-log", other, miner, minerHpke))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("envelope " + id + ": the sender certificate is not the one it names");

        byte[] ct = e.ciphertext();
        ct[0] ^= 1;
        Envelope flipped = new Envelope(e.header(), e.encapsulatedKey(), ct, e.signature());
        assertThatThrownBy(() -> opener.open(flipped, "event-log", hospital, miner, minerHpke))
                .isExactlyInstanceOf(TrustException.class).hasMessage("envelope " + id + ": the sender's signature does not verify");

        // re-signed by the insurer while claiming to come from the hospital: the signature check catches it
        Envelope forged = at(NOW).seal("fake".getBytes(), "event-log", hospital, otherKeys.getPrivate(), miner, minerHpke.publicKey());
        assertThatThrownBy(() -> opener.open(forged, "event-log", hospital, miner, minerHpke))
                .isExactlyInstanceOf(TrustException.class).hasMessageEndingWith(": the sender's signature does not verify");

        // sealed to a different HPKE key than the recipient holds
        Envelope wrongKey = at(NOW).seal("x".getBytes(), "event-log", hospital, hospitalKeys.getPrivate(), miner,
                Hpke.DEFAULT.generateKeyPair().publicKey());
        assertThatThrownBy(() -> opener.open(wrongKey, "event-log", hospital, miner, minerHpke))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("envelope " + wrongKey.header().messageId() + ": does not decrypt with this recipient's key");
    }

    @Test
    void staleAndFutureEnvelopesAreRefused() {
        Envelope e = sealed();
        String id = e.header().messageId();
        assertThatThrownBy(() -> at(NOW.plus(Duration.ofMinutes(11))).open(e, "event-log", hospital, miner, minerHpke))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("envelope " + id + ": sealed at " + NOW + ", older than the 10 min replay window");
        assertThatThrownBy(() -> at(NOW.minus(Duration.ofMinutes(6))).open(e, "event-log", hospital, miner, minerHpke))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("envelope " + id + ": sealed at " + NOW + ", in the future");
    }
}
