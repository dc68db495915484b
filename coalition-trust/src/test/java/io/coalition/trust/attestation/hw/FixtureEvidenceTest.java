package io.coalition.trust.attestation.hw;

import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import static io.coalition.trust.attestation.hw.Samples.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that recorded hardware evidence cannot reach, because every field of it is signed by Intel's or
 * AMD's keys: byte-exact fixtures built with our own keys ({@link Fixtures}) and verified against our own
 * roots through the package-private test seams.
 */
class FixtureEvidenceTest {

    @Test
    void ownSgxAndTdxFixtures_verifyAgainstTheirOwnRoot_butNotAgainstIntel() {
        Fixtures.Dcap f = new Fixtures.Dcap();
        SgxQuote sgx = SgxQuote.parse(f.sgxQuote());
        assertThat(sgx.reportData()).isEqualTo(f.reportData);
        assertThat(sgx.productId()).isEqualTo(1);
        assertThat(sgx.svn()).isEqualTo(2);
        f.verifier().verify(sgx);
        TdxQuote tdx = TdxQuote.parse(f.tdxQuote());
        f.verifier().verify(tdx);
        assertThat(failure(() -> Samples.dcap(Fixtures.CLOCK).verify(sgx))).startsWith(
                "SGX quote: PCK certificate chain ends in 'CN=Test SGX Root CA' (sha256 ");
    }

    @Test
    void quoteWithoutPckChain_isRejected() {
        Fixtures.Dcap f = new Fixtures.Dcap();
        f.certificationDataType = 1;
        SgxQuote q = SgxQuote.parse(f.sgxQuote());
        assertThat(q.pckChain()).isEmpty();
        assertThat(failure(() -> f.verifier().verify(q)))
                .isEqualTo("SGX quote: carries certification data type 1, not a PCK certificate chain (type 5)");
    }

    @Test
    void pckCertificateWithoutSgxExtension_isReportedByName() {
        Fixtures.Dcap f = new Fixtures.Dcap();
        assertThat(failure(() -> SgxQuote.parse(f.sgxQuote()).pckExtension())).isEqualTo(
                "PCK certificate 'CN=Test SGX PCK Certificate' has no SGX extension 1.2.840.113741.1.13.1");
        f.certificationDataType = 1;
        assertThat(failure(() -> SgxQuote.parse(f.sgxQuote()).pckExtension()))
                .isEqualTo("SGX quote v3: carries certification data type 1, no PCK certificate");
    }

    @Test
    void foreignQeVendor_isRejected() {
        Fixtures.Dcap f = new Fixtures.Dcap();
        f.qeVendorId = new byte[16];
        assertThat(failure(() -> f.verifier().verify(TdxQuote.parse(f.tdxQuote())))).isEqualTo(
                "TDX quote: QE vendor id 00000000000000000000000000000000 is not Intel's 939a7233f79c4ca9940a0db3957f0607");
    }

    @Test
    void debugQuotingEnclave_isRejected() {
        Fixtures.Dcap f = new Fixtures.Dcap();
        f.qeFlags = 0x7;
        assertThat(failure(() -> f.verifier().verify(SgxQuote.parse(f.sgxQuote()))))
                .isEqualTo("SGX quote: QE report comes from a debug Quoting Enclave");
    }

    @Test
    void attestationKeyOffTheCurve_isRejectedEvenWhenBound() {
        Fixtures.Dcap f = new Fixtures.Dcap();
        byte[] key = Fixtures.rawPoint(f.attestationKeys.getPublic(), 32);
        key[63] ^= 1;
        f.rawAttestationKey = key;
        assertThat(failure(() -> f.verifier().verify(SgxQuote.parse(f.sgxQuote()))))
                .isEqualTo("SGX quote: attestation key is not a point on P-256");
    }

    @Test
    void pckCaWithoutCaBasicConstraint_isRejected() {
        Fixtures.Dcap f = new Fixtures.Dcap();
        f.ca = Fixtures.certificate("CN=Test SGX PCK Platform CA", f.caKeys.getPublic(), "CN=Test SGX Root CA",
                f.rootKeys.getPrivate(), "SHA256withECDSA", -1, Map.of());
        assertThat(failure(() -> f.verifier().verify(SgxQuote.parse(f.sgxQuote())))).isEqualTo(
                "SGX quote: PCK CA certificate 'Test SGX PCK Platform CA' is not a CA certificate for a path of this length");
    }

    @Test
    void debugTdFixture_isRejectedWithItsOwnReason() {
        Fixtures.Dcap f = new Fixtures.Dcap();
        f.tdAttributes = 1;
        assertThat(failure(() -> f.verifier().verify(TdxQuote.parse(f.tdxQuote()))))
                .isEqualTo("TDX quote: the TD is a debug TD (TD_ATTRIBUTES.DEBUG set) and debug is not allowed");
    }

    // ---- SEV-SNP ----

    @Test
    void ownSnpFixture_verifiesAgainstItsOwnArk_butIsNotPinned() {
        Fixtures.Snp f = new Fixtures.Snp();
        SnpReport r = SnpReport.parse(f.report());
        f.verifier().verify(r, f.vcek, f.ask);
        assertThat(failure(() -> SnpVerifier.pinnedTo(AmdProduct.MILAN, f.ark, Samples.at(Fixtures.CLOCK))))
                .startsWith("SEV-SNP trust anchor: certificate 'O=Test, CN=ARK-Milan' (sha256 ");
    }

    @Test
    void reportedTcbOtherThanCertified_isRejected() {
        Fixtures.Snp f = new Fixtures.Snp();
        f.reportedTcb = Fixtures.Snp.tcb(3, 0, 7, 115);
        assertThat(failure(() -> f.verifier().verify(SnpReport.parse(f.report()), f.vcek, f.ask)))
                .isEqualTo("SEV-SNP report: reported_tcb snp SPL is 7, the SEV-VCEK certifies 8");
    }

    @Test
    void chipIdOtherThanCertified_isRejected() {
        Fixtures.Snp f = new Fixtures.Snp();
        X509Certificate vcek = f.vcek;
        f.chipId = new byte[64];
        f.chipId[0] = 1;
        assertThat(failure(() -> f.verifier().verify(SnpReport.parse(f.report()), vcek, f.ask)))
                .startsWith("SEV-SNP report: chip_id 0100").contains(" is not the VCEK's hwID c0ffee");
    }

    @Test
    void reportFromAnotherProduct_isRejected() {
        Fixtures.Snp f = new Fixtures.Snp();
        f.version = 3;
        f.cpuidModel = 0x11;
        assertThat(failure(() -> f.verifier().verify(SnpReport.parse(f.report()), f.vcek, f.ask)))
                .isEqualTo("SEV-SNP report: CPUID family 0x19 model 0x11 is not an AMD Milan");
    }

    @Test
    void pkcs1SignedVcek_isRejected_becauseAmdSignsWithPss() {
        Fixtures.Snp f = new Fixtures.Snp();
        X509Certificate pkcs1 = f.vcek(f.vcekKeys, "SHA384withRSA");
        assertThat(failure(() -> f.verifier().verify(SnpReport.parse(f.report()), pkcs1, f.ask)))
                .isEqualTo("SEV-SNP report: SEV-VCEK certificate is signed with SHA384withRSA, expected RSASSA-PSS");
    }

    @Test
    void vcekWithAP256Key_isRejected() {
        Fixtures.Snp f = new Fixtures.Snp();
        X509Certificate p256 = f.vcek(Fixtures.ec("secp256r1"), "SHA384WITHRSAANDMGF1");
        assertThat(failure(() -> f.verifier().verify(SnpReport.parse(f.report()), p256, f.ask)))
                .isEqualTo("SEV-SNP report: SEV-VCEK key is not an ECDSA P-384 key");
    }

    @Test
    void unsignedReport_isRejected() {
        Fixtures.Snp f = new Fixtures.Snp();
        f.signingKeyBits = 7;
        SnpReport r = SnpReport.parse(f.report());
        assertThat(r.signingKey()).isEqualTo(SnpReport.SigningKey.NONE);
        assertThat(failure(() -> f.verifier().verify(r, f.vcek, f.ask)))
                .isEqualTo("SEV-SNP report: is not signed (signing_key 7)");
    }

    @Test
    void seedInputsOfTheFuzzers_parse() throws Exception {
        for (String seed : List.of("sgxQuote/seed-fixture-v3", "tdxQuote/seed-fixture-v4", "snpReport/seed-fixture-v2")) {
            try (var in = getClass().getResourceAsStream("HwEvidenceFuzzTestInputs/" + seed)) {
                assertThat(in).as(seed).isNotNull();
                byte[] bytes = in.readAllBytes();
                switch (seed.substring(0, seed.indexOf('/'))) {
                    case "sgxQuote" -> assertThat(SgxQuote.parse(bytes).pckChain()).hasSize(3);
                    case "tdxQuote" -> assertThat(TdxQuote.parse(bytes).pckChain()).hasSize(3);
                    default -> assertThat(SnpReport.parse(bytes).version()).isEqualTo(2);
                }
            }
        }
    }
}
