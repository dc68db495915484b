package io.coalition.trust.pki;

import io.coalition.trust.TrustException;
import io.coalition.trust.pki.CertificateAuthority.RevocationReason;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;

import static io.coalition.trust.pki.ParticipantAttributesTest.MEDICAL_HUB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PkiTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    static final String HUB = "Central Medical Hub";

    CertificateAuthority ca;
    RegistrationAuthority ra;
    KeyPair hubKeys;

    @BeforeEach
    void setUp() {
        ca = CertificateAuthority.create("Coalition Test CA", CLOCK);
        ParticipantRegistry registry = ParticipantRegistry.of(Map.of(HUB, MEDICAL_HUB));
        ra = new RegistrationAuthority(registry, ca, Duration.ofDays(365));
        hubKeys = Enrollment.newKeyPair();
    }

    static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    X509Certificate enrollHub() {
        return ra.enroll(Enrollment.request(hubKeys, HUB, MEDICAL_HUB));
    }

    @Test
    void enrolledCertificateCarriesListingOne() throws Exception {
        X509Certificate cert = enrollHub();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=Central Medical Hub");
        assertThat(cert.getIssuerX500Principal().getName()).isEqualTo("CN=Coalition Test CA");
        assertThat(cert.getSerialNumber()).isEqualTo(BigInteger.TWO);
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(T0);
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(T0.plus(Duration.ofDays(365)));
        assertThat(cert.getPublicKey()).isEqualTo(hubKeys.getPublic());
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(ca.certificate().getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(ca.certificate().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);

        ParticipantAttributes attributes = CertificateValidator.of(ca).validate(cert, at(T0.plusSeconds(3600)));
        assertThat(attributes).isEqualTo(MEDICAL_HUB);

        // the participant signs with the key of its certificate
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(hubKeys.getPrivate());
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(cert);
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).isTrue();
    }

    @Test
    void serialsIncrease() {
        X509Certificate first = enrollHub();
        X509Certificate second = enrollHub();
        assertThat(second.getSerialNumber()).isGreaterThan(first.getSerialNumber());
        assertThat(ca.lastSerial()).isEqualTo(BigInteger.valueOf(3));
    }

    @Test
    void csrCarriesTheRequestedAttributes() {
        PKCS10CertificationRequest csr = Enrollment.request(hubKeys, HUB, MEDICAL_HUB);
        assertThat(Enrollment.requestedAttributes(csr)).isEqualTo(MEDICAL_HUB);
        assertThat(Enrollment.subject(csr.getSubject())).isEqualTo(HUB);
    }

    @Test
    void attributeNotApprovedByTheRaIsRefused() {
        ParticipantAttributes miner = new ParticipantAttributes("IT-001-2000", "TrustedMiner", "IT", null,
                EnumSet.of(ParticipantType.DATA_PROVIDER), true);
        assertThatThrownBy(() -> ra.enroll(Enrollment.request(hubKeys, HUB, miner)))
                .isInstanceOf(TrustException.class)
                .hasMessage("RA: attribute role=\"TrustedMiner\" requested for \"Central Medical Hub\" is not approved "
                        + "(the registry has \"MedicalHub\")");
        ParticipantAttributes france = new ParticipantAttributes("IT-001-2000", "MedicalHub", "France", null,
                EnumSet.of(ParticipantType.DATA_PROVIDER), true);
        assertThatThrownBy(() -> ra.review(Enrollment.request(hubKeys, HUB, france)))
                .hasMessage("RA: attribute country=\"FR\" requested for \"Central Medical Hub\" is not approved "
                        + "(the registry has \"IT\")");
        ParticipantAttributes policymaker = new ParticipantAttributes("IT-001-2000", "MedicalHub", "IT", null,
                EnumSet.of(ParticipantType.DECIDER, ParticipantType.POLICYMAKER), true);
        assertThatThrownBy(() -> ra.review(Enrollment.request(hubKeys, HUB, policymaker)))
                .hasMessage("RA: participant type \"Policymaker\" requested for \"Central Medical Hub\" is not approved "
                        + "(the registry has [Data Provider, Decider])");
        ParticipantAttributes withOrg = new ParticipantAttributes("IT-001-2000", "MedicalHub", "IT", "ACME",
                EnumSet.of(ParticipantType.DECIDER), true);
        assertThatThrownBy(() -> ra.review(Enrollment.request(hubKeys, HUB, withOrg)))
                .hasMessage("RA: attribute organization=\"ACME\" requested for \"Central Medical Hub\" is not approved "
                        + "(the registry has none)");
        assertThatThrownBy(() -> ra.review(Enrollment.request(hubKeys, "Rogue Clinic", MEDICAL_HUB)))
                .hasMessage("RA: subject \"Rogue Clinic\" is not in the registry of approved participants");
        assertThat(ca.lastSerial()).isEqualTo(BigInteger.ONE);
    }

    @Test
    void subsetOfApprovedTypesIsAccepted() {
        ParticipantAttributes onlyProvider = new ParticipantAttributes("IT-001-2000", "MedicalHub", "IT", null,
                EnumSet.of(ParticipantType.DATA_PROVIDER), false);
        X509Certificate cert = ra.enroll(Enrollment.request(hubKeys, HUB, onlyProvider));
        assertThat(CertificateValidator.of(ca).validate(cert, CLOCK)).isEqualTo(onlyProvider);
    }

    @Test
    void csrWithoutProofOfPossessionIsRefused() throws Exception {
        byte[] der = Enrollment.request(hubKeys, HUB, MEDICAL_HUB).getEncoded();
        der[der.length - 1] ^= 1;
        PKCS10CertificationRequest tampered = new PKCS10CertificationRequest(der);
        assertThatThrownBy(() -> ra.review(tampered))
                .hasMessage("RA: the CSR for CN=Central Medical Hub is not signed by the key it carries (no proof of possession)");
        assertThatThrownBy(() -> ca.issue(tampered, MEDICAL_HUB, Duration.ofDays(1)))
                .hasMessage("CA: the CSR for CN=Central Medical Hub is not signed by its key (no proof of possession)");
    }

    @Test
    void expiredCertificateIsRefused() {
        X509Certificate cert = enrollHub();
        Instant later = T0.plus(Duration.ofDays(366));
        assertThatThrownBy(() -> CertificateValidator.of(ca).validate(cert, at(later)))
                .isInstanceOf(TrustException.class)
                .hasMessage("certificate 2 (CN=Central Medical Hub): expired on 2027-01-01T00:00:00Z (valid from "
                        + "2026-01-01T00:00:00Z to 2027-01-01T00:00:00Z, now 2027-01-02T00:00:00Z)");
    }

    @Test
    void notYetValidCertificateIsRefused() {
        X509Certificate cert = enrollHub();
        assertThatThrownBy(() -> CertificateValidator.of(ca).validate(cert, at(T0.minusSeconds(1))))
                .hasMessage("certificate 2 (CN=Central Medical Hub): not yet valid (valid from 2026-01-01T00:00:00Z to "
                        + "2027-01-01T00:00:00Z, now 2025-12-31T23:59:59Z)");
    }

    @Test
    void revokedCertificateIsRefused() {
        X509Certificate cert = enrollHub();
        X509Certificate other = enrollHub();
        CertificateValidator validator = CertificateValidator.of(ca);
        assertThat(validator.validate(cert, CLOCK)).isEqualTo(MEDICAL_HUB);
        ca.revoke(cert.getSerialNumber(), RevocationReason.KEY_COMPROMISE);
        assertThatThrownBy(() -> validator.validate(cert, CLOCK))
                .isInstanceOf(TrustException.class)
                .hasMessage("certificate 2 (CN=Central Medical Hub): revoked on 2026-01-01T00:00:00Z (reason: KEY_COMPROMISE)");
        assertThat(validator.validate(other, CLOCK)).isEqualTo(MEDICAL_HUB);
        assertThatThrownBy(() -> ca.revoke(cert.getSerialNumber(), RevocationReason.SUPERSEDED))
                .hasMessage("CA: certificate 2 is already revoked since 2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> ca.revoke(BigInteger.valueOf(99), RevocationReason.UNSPECIFIED))
                .hasMessage("CA: no certificate with serial 99 was issued (last serial 3)");
    }

    @Test
    void crlIsSignedByTheCaAndHasANextUpdate() throws Exception {
        var first = ca.crl();
        var second = ca.crl();
        first.verify(ca.certificate().getPublicKey());
        assertThat(first.getThisUpdate().toInstant()).isEqualTo(T0);
        assertThat(first.getNextUpdate().toInstant()).isEqualTo(T0.plus(Duration.ofDays(7)));
        assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(second.getExtensionValue("2.5.29.20"), 4,
                second.getExtensionValue("2.5.29.20").length)))
                .isGreaterThan(new BigInteger(1, java.util.Arrays.copyOfRange(first.getExtensionValue("2.5.29.20"), 4,
                        first.getExtensionValue("2.5.29.20").length)));
    }

    @Test
    void staleOrForeignCrlIsRefused() {
        X509Certificate cert = enrollHub();
        var stale = ca.crl();
        CertificateValidator old = new CertificateValidator(ca.certificate(), () -> stale);
        assertThatThrownBy(() -> old.validate(cert, at(T0.plus(Duration.ofDays(8)))))
                .hasMessage("certificate 2 (CN=Central Medical Hub): the CRL is stale (next update 2026-01-08T00:00:00Z, "
                        + "now 2026-01-09T00:00:00Z)");
        CertificateAuthority impostor = CertificateAuthority.create("Coalition Test CA", CLOCK);
        CertificateValidator forged = new CertificateValidator(ca.certificate(), impostor::crl);
        assertThatThrownBy(() -> forged.validate(cert, CLOCK))
                .hasMessage("certificate 2 (CN=Central Medical Hub): the CRL's signature does not verify with the key of "
                        + "the CA CN=Coalition Test CA");
    }

    @Test
    void aCrlVerifiedOnceIsNotTrustedForAnotherListSwappedInLater() {
        X509Certificate cert = enrollHub();
        var genuine = ca.crl();
        var forgedList = CertificateAuthority.create("Coalition Test CA", CLOCK).crl();
        var current = new java.util.concurrent.atomic.AtomicReference<java.security.cert.X509CRL>(genuine);
        CertificateValidator v = new CertificateValidator(ca.certificate(), current::get);
        assertThat(v.validate(cert, CLOCK).role()).isEqualTo("MedicalHub");
        assertThat(v.validate(cert, CLOCK).role()).isEqualTo("MedicalHub"); // same list: its signature is not re-checked
        current.set(forgedList);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> v.validate(cert, CLOCK))
                    .hasMessage("certificate 2 (CN=Central Medical Hub): the CRL's signature does not verify with the key "
                            + "of the CA CN=Coalition Test CA");
        }
        current.set(genuine);
        assertThat(v.validate(cert, CLOCK).role()).isEqualTo("MedicalHub");
    }

    @Test
    void crlFromTheNearFutureIsAcceptedButNotFromFurtherAhead() {
        Instant[] caTime = {T0};
        Clock caClock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { throw new UnsupportedOperationException(); }
            @Override public Instant instant() { return caTime[0]; }
        };
        CertificateAuthority moving = CertificateAuthority.create("Coalition Test CA", caClock);
        X509Certificate cert = new RegistrationAuthority(ParticipantRegistry.of(Map.of(HUB, MEDICAL_HUB)), moving,
                Duration.ofDays(365)).enroll(Enrollment.request(hubKeys, HUB, MEDICAL_HUB));
        CertificateValidator validator = CertificateValidator.of(moving);
        Instant now = T0.plusSeconds(3600);
        // a CRL signed a moment after the validator read its clock (X.509 times are whole seconds) is current
        caTime[0] = now.plus(CertificateValidator.CRL_CLOCK_SKEW);
        assertThat(validator.validate(cert, at(now))).isEqualTo(MEDICAL_HUB);
        caTime[0] = now.plus(CertificateValidator.CRL_CLOCK_SKEW).plusSeconds(1);
        assertThatThrownBy(() -> validator.validate(cert, at(now)))
                .hasMessage("certificate 2 (CN=Central Medical Hub): the CRL was issued at 2026-01-01T01:01:01Z, in the "
                        + "future (now 2026-01-01T01:00:00Z)");
    }

    @Test
    void certificateFromAnotherCaIsRefused() {
        CertificateAuthority other = CertificateAuthority.create("Other CA", CLOCK);
        X509Certificate foreign = other.issue(Enrollment.request(hubKeys, HUB, MEDICAL_HUB), MEDICAL_HUB, Duration.ofDays(365));
        assertThatThrownBy(() -> CertificateValidator.of(ca).validate(foreign, CLOCK))
                .isInstanceOf(TrustException.class)
                .hasMessage("certificate 2 (CN=Central Medical Hub): issued by CN=Other CA, not by the trusted CA "
                        + "CN=Coalition Test CA");
        CertificateAuthority sameName = CertificateAuthority.create("Coalition Test CA", CLOCK);
        X509Certificate lookalike = sameName.issue(Enrollment.request(hubKeys, HUB, MEDICAL_HUB), MEDICAL_HUB,
                Duration.ofDays(365));
        assertThatThrownBy(() -> CertificateValidator.of(ca).validate(lookalike, CLOCK))
                .hasMessage("certificate 2 (CN=Central Medical Hub): signature does not verify with the key of the CA "
                        + "CN=Coalition Test CA");
    }

    @Test
    void flippedSignatureByteIsRefused() throws Exception {
        byte[] der = enrollHub().getEncoded();
        der[der.length - 1] ^= 0x01;
        X509Certificate tampered = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        assertThatThrownBy(() -> CertificateValidator.of(ca).validate(tampered, CLOCK))
                .hasMessage("certificate 2 (CN=Central Medical Hub): signature does not verify with the key of the CA "
                        + "CN=Coalition Test CA");
    }

    @Test
    void caCertificateIsNotAParticipantCertificate() {
        assertThatThrownBy(() -> CertificateValidator.of(ca).validate(ca.certificate(), CLOCK))
                .hasMessage("certificate 1 (CN=Coalition Test CA): is a CA certificate, not a participant certificate");
    }
}
