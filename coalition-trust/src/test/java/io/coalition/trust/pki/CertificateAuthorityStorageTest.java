package io.coalition.trust.pki;

import io.coalition.trust.TrustException;
import io.coalition.trust.pki.CertificateAuthority.RevocationReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static io.coalition.trust.pki.ParticipantAttributesTest.MEDICAL_HUB;
import static io.coalition.trust.pki.PkiTest.CLOCK;
import static io.coalition.trust.pki.PkiTest.HUB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateAuthorityStorageTest {
    @TempDir
    Path tmp;

    static final String REGISTRY = """
            {"participants": [
              {"subject": "Central Medical Hub", "identificationNumber": "IT-001-2000", "role": "MedicalHub",
               "country": "Italy", "participantTypes": ["Data Provider", "Decider"], "idCheck": true}
            ]}
            """;

    @Test
    void caSurvivesReopeningWithItsSerialsAndRevocations() throws Exception {
        Path dir = tmp.resolve("ca");
        CertificateAuthority ca = CertificateAuthority.init(dir, "Coalition CA", CLOCK);
        assertThat(dir.resolve("ca.crt")).exists();
        assertThat(dir.resolve("crl.pem")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
        }

        KeyPair keys = Enrollment.newKeyPair();
        X509Certificate first = ca.issue(Enrollment.request(keys, HUB, MEDICAL_HUB), MEDICAL_HUB, Duration.ofDays(365));
        assertThat(dir.resolve("issued/2.crt")).exists();
        assertThat(Pem.readCertificate(dir.resolve("issued/2.crt"))).isEqualTo(first);

        CertificateAuthority reopened = CertificateAuthority.open(dir, CLOCK);
        assertThat(reopened.certificate()).isEqualTo(ca.certificate());
        X509Certificate second = reopened.issue(Enrollment.request(keys, HUB, MEDICAL_HUB), MEDICAL_HUB, Duration.ofDays(365));
        assertThat(second.getSerialNumber()).isEqualTo(BigInteger.valueOf(3));
        reopened.revoke(first.getSerialNumber(), RevocationReason.PRIVILEGE_WITHDRAWN);

        CertificateAuthority third = CertificateAuthority.open(dir, CLOCK);
        assertThat(third.revocations()).extracting(CertificateAuthority.Revocation::serial).containsExactly(BigInteger.TWO);
        assertThat(Pem.readCrl(dir.resolve("crl.pem")).isRevoked(first)).isTrue();
        CertificateValidator v = CertificateValidator.of(third);
        assertThatThrownBy(() -> v.validate(first, CLOCK)).hasMessageContaining("revoked on");
        assertThat(v.validate(second, CLOCK)).isEqualTo(MEDICAL_HUB);
        // the published CRL works as well
        CertificateValidator published = new CertificateValidator(Pem.readCertificate(dir.resolve("ca.crt")),
                () -> Pem.readCrl(dir.resolve("crl.pem")));
        assertThatThrownBy(() -> published.validate(first, CLOCK)).hasMessageContaining("revoked on");
    }

    @Test
    void twoHandlesOnOneFolderIssuingAtOnce_neverShareASerial() throws Exception {
        Path dir = tmp.resolve("ca");
        CertificateAuthority.init(dir, "Coalition CA", CLOCK);
        // two replicas opening the CA folder at the same moment, each with its own handle
        CertificateAuthority a = CertificateAuthority.open(dir, CLOCK);
        CertificateAuthority b = CertificateAuthority.open(dir, CLOCK);
        KeyPair keys = Enrollment.newKeyPair();
        var csr = Enrollment.request(keys, HUB, MEDICAL_HUB);
        int each = 15;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<List<X509Certificate>>> runs = new java.util.ArrayList<>();
            for (CertificateAuthority ca : List.of(a, b)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    List<X509Certificate> issued = new java.util.ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        issued.add(ca.issue(csr, MEDICAL_HUB, Duration.ofDays(1)));
                    }
                    return issued;
                }));
            }
            start.countDown();
            List<BigInteger> serials = new java.util.ArrayList<>();
            for (var run : runs) {
                for (X509Certificate c : run.get()) {
                    serials.add(c.getSerialNumber());
                    assertThat(Pem.readCertificate(dir.resolve("issued").resolve(c.getSerialNumber() + ".crt"))).isEqualTo(c);
                }
            }
            assertThat(serials).doesNotHaveDuplicates().hasSize(2 * each);
            assertThat(serials.stream().map(BigInteger::intValue).sorted().toList())
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(2, 1 + 2 * each).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
        assertThat(CertificateAuthority.open(dir, CLOCK).lastSerial()).isEqualTo(BigInteger.valueOf(1 + 2 * each));
        assertThat(a.lastSerial()).isEqualTo(BigInteger.valueOf(1 + 2 * each));

        // a revocation through one handle is in the other's next CRL, and CRL numbers keep increasing across both
        X509Certificate byA = a.issue(csr, MEDICAL_HUB, Duration.ofDays(1));
        b.revoke(byA.getSerialNumber(), RevocationReason.KEY_COMPROMISE);
        X509CRL fromA = a.crl();
        X509CRL fromB = b.crl();
        assertThat(fromA.isRevoked(byA)).isTrue();
        assertThat(crlNumber(fromB)).isGreaterThan(crlNumber(fromA));
        assertThatThrownBy(() -> a.revoke(byA.getSerialNumber(), RevocationReason.UNSPECIFIED))
                .hasMessageStartingWith("CA: certificate " + byA.getSerialNumber() + " is already revoked since ");
    }

    private static BigInteger crlNumber(X509CRL crl) {
        byte[] ext = crl.getExtensionValue(org.bouncycastle.asn1.x509.Extension.cRLNumber.getId());
        return org.bouncycastle.asn1.ASN1Integer.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets()).getValue();
    }

    @Test
    void initRefusesToOverwriteACa() {
        Path dir = tmp.resolve("ca");
        CertificateAuthority.init(dir, "Coalition CA", CLOCK);
        assertThatThrownBy(() -> CertificateAuthority.init(dir, "Second", CLOCK))
                .isInstanceOf(TrustException.class)
                .hasMessage("CA: " + dir + " already holds a CA (ca.key); not overwriting it");
        assertThatThrownBy(() -> CertificateAuthority.open(tmp.resolve("none"), CLOCK))
                .hasMessage("CA: " + tmp.resolve("none") + " holds no CA (ca.crt and ca.key); run 'coalition pki init-ca' first");
    }

    @Test
    void pemRoundTripsKeysAndRequests() throws Exception {
        KeyPair keys = Enrollment.newKeyPair();
        Pem.writePrivateKey(tmp.resolve("hub.key"), keys.getPrivate());
        assertThat(Pem.readPrivateKey(tmp.resolve("hub.key"))).isEqualTo(keys.getPrivate());
        assertThatThrownBy(() -> Pem.writePrivateKey(tmp.resolve("hub.key"), keys.getPrivate()))
                .hasMessage("PEM: " + tmp.resolve("hub.key") + " already exists; not overwriting a private key");
        var csr = Enrollment.request(keys, HUB, MEDICAL_HUB);
        Pem.write(tmp.resolve("hub.csr"), csr);
        assertThat(Enrollment.requestedAttributes(Pem.readCsr(tmp.resolve("hub.csr")))).isEqualTo(MEDICAL_HUB);
        assertThatThrownBy(() -> Pem.readCertificate(tmp.resolve("hub.csr")))
                .hasMessage("PEM: " + tmp.resolve("hub.csr") + " does not hold a certificate");
    }

    @Test
    void registryFromJson() throws Exception {
        Path file = tmp.resolve("registry.json");
        Files.writeString(file, REGISTRY);
        ParticipantRegistry registry = ParticipantRegistry.load(file);
        assertThat(registry.approved(HUB)).contains(MEDICAL_HUB);
        assertThat(registry.approved("Nobody")).isEmpty();
        Files.writeString(file, REGISTRY.replace("\"Decider\"", "\"Pirate\""));
        assertThatThrownBy(() -> ParticipantRegistry.load(file))
                .hasMessage("registry " + file + ": participants[0]: unknown participant type 'Pirate'; expected one of "
                        + "[Data Provider, Decider, Log Provider, Trusted Miner, CCU, Policymaker, Auditor]");
        Files.writeString(file, REGISTRY.replace("\"idCheck\": true", "\"idCheck\": \"yes\""));
        assertThatThrownBy(() -> ParticipantRegistry.load(file))
                .hasMessage("registry " + file + ": participants[0]: idCheck: expected true or false");
    }

    @Test
    void nonP256KeysAreRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        KeyPair p384 = g.generateKeyPair();
        var builder = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new org.bouncycastle.asn1.x500.X500Name("CN=" + HUB), p384.getPublic());
        var csr = builder.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA384withECDSA")
                .build(p384.getPrivate()));
        CertificateAuthority ca = CertificateAuthority.create("CA", CLOCK);
        RegistrationAuthority ra = new RegistrationAuthority(ParticipantRegistry.of(java.util.Map.of(HUB, MEDICAL_HUB)),
                ca, Duration.ofDays(1));
        assertThatThrownBy(() -> ra.review(csr))
                .hasMessage("RA: the CSR for CN=Central Medical Hub has an EC key on curve 1.3.132.0.34; participant keys must be ECDSA P-256");
        assertThatThrownBy(() -> ca.issue(csr, MEDICAL_HUB, Duration.ofDays(1)))
                .hasMessage("CA: the CSR for CN=Central Medical Hub has an EC key on curve 1.3.132.0.34; participant keys must be ECDSA P-256");
    }
}
