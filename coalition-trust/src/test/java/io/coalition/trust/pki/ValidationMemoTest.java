package io.coalition.trust.pki;

import io.coalition.trust.TrustException;
import io.coalition.trust.pki.CertificateAuthority.RevocationReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static io.coalition.trust.pki.ParticipantAttributesTest.MEDICAL_HUB;
import static io.coalition.trust.pki.PkiTest.T0;
import static io.coalition.trust.pki.PkiTest.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A validator asked again and again (once per request) verifies each certificate's signature once, and still refuses
 * on the next call a tampered copy, a certificate a newer CRL revokes, and one that has expired.
 */
class ValidationMemoTest {
    CertificateAuthority ca;
    X509Certificate hub;
    final AtomicReference<X509CRL> crl = new AtomicReference<>();
    CertificateValidator validator;

    @BeforeEach
    void setUp() {
        ca = CertificateAuthority.create("Coalition Test CA", PkiTest.CLOCK);
        KeyPair keys = Enrollment.newKeyPair();
        hub = ca.issue(Enrollment.request(keys, PkiTest.HUB, MEDICAL_HUB), MEDICAL_HUB, Duration.ofDays(365));
        crl.set(ca.crl());
        validator = new CertificateValidator(ca.certificate(), crl::get);
    }

    @Test
    void sameCertificateIsSignatureCheckedOnce() throws Exception {
        for (int i = 0; i < 100; i++) assertThat(validator.validate(hub, at(T0.plusSeconds(i)))).isEqualTo(MEDICAL_HUB);
        assertThat(validator.signatureVerifications()).isEqualTo(1);
        // an equal copy (decoded again, as from a new TLS connection) is the same certificate
        assertThat(validator.validate(copy(hub.getEncoded()), at(T0))).isEqualTo(MEDICAL_HUB);
        assertThat(validator.signatureVerifications()).isEqualTo(1);
    }

    @Test
    void concurrentFirstValidationsVerifyTheSignatureOnce() throws Exception {
        // a miner opens its sessions with several providers sharing one validator at once
        int threads = 8;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<ParticipantAttributes>> results = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                X509Certificate decoded = copy(hub.getEncoded());
                results.add(pool.submit(() -> {
                    start.await();
                    return validator.validate(decoded, at(T0));
                }));
            }
            for (var r : results) assertThat(r.get()).isEqualTo(MEDICAL_HUB);
        } finally {
            pool.shutdownNow();
        }
        assertThat(validator.signatureVerifications()).isEqualTo(1);
    }

    @Test
    void tamperedCopyIsRefusedAfterTheGenuineOneWasRemembered() throws Exception {
        validator.validate(hub, at(T0));
        byte[] der = hub.getEncoded();
        der[der.length - 5] ^= 1; // inside the signature
        X509Certificate tampered = copy(der);
        assertThatThrownBy(() -> validator.validate(tampered, at(T0)))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("certificate 2 (CN=Central Medical Hub): signature does not verify with the key of the CA "
                        + "CN=Coalition Test CA");
        assertThat(validator.validate(hub, at(T0))).isEqualTo(MEDICAL_HUB);
    }

    @Test
    void newCrlRevokingTheCertificateRefusesItOnTheNextCall() {
        validator.validate(hub, at(T0));
        ca.revoke(hub.getSerialNumber(), RevocationReason.KEY_COMPROMISE);
        crl.set(ca.crl());
        assertThatThrownBy(() -> validator.validate(hub, at(T0)))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("certificate 2 (CN=Central Medical Hub): revoked on 2026-01-01T00:00:00Z (reason: KEY_COMPROMISE)");
        assertThat(validator.signatureVerifications()).isEqualTo(1);
    }

    @Test
    void expiredCertificateIsRefusedOnTheNextCall() {
        validator.validate(hub, at(T0));
        assertThatThrownBy(() -> validator.validate(hub, at(T0.plus(Duration.ofDays(365)).plusSeconds(1))))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessageStartingWith("certificate 2 (CN=Central Medical Hub): expired on 2027-01-01T00:00:00Z");
    }

    @Test
    void forgedCrlIsRefusedEvenWhenTheCertificateWasRemembered() {
        validator.validate(hub, at(T0));
        CertificateAuthority other = CertificateAuthority.create("Coalition Test CA", PkiTest.CLOCK);
        crl.set(other.crl()); // same issuer name, another key
        assertThatThrownBy(() -> validator.validate(hub, at(T0)))
                .isExactlyInstanceOf(TrustException.class)
                .hasMessage("certificate 2 (CN=Central Medical Hub): the CRL's signature does not verify with the key of the CA "
                        + "CN=Coalition Test CA");
    }

    @Test
    void signatureMemoryIsBoundedAndRefusesCapacityZero() {
        VerifiedSignatures memo = new VerifiedSignatures(1);
        KeyPair keys = Enrollment.newKeyPair();
        X509Certificate second = ca.issue(Enrollment.request(keys, "Second", MEDICAL_HUB), MEDICAL_HUB, Duration.ofDays(1));
        assertThat(memo.verifies(hub, ca.certificate().getPublicKey())).isTrue();
        assertThat(memo.verifies(second, ca.certificate().getPublicKey())).isTrue();
        assertThat(memo.verifies(hub, ca.certificate().getPublicKey())).isTrue(); // dropped, verified again
        assertThat(memo.verifications()).isEqualTo(3);
        assertThat(memo.verifies(hub, keys.getPublic())).isFalse(); // another key is another question
        assertThatThrownBy(() -> new VerifiedSignatures(0)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity 0, expected at least 1");
    }

    static X509Certificate copy(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
