package io.coalition.trust.attestation;

import io.coalition.trust.attestation.AttestationException.Check;
import io.coalition.trust.attestation.hw.AmdProduct;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static io.coalition.trust.attestation.Recorded.at;
import static io.coalition.trust.attestation.Recorded.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-platform evidence verifiers on real recorded quotes and reports (../shared/data/attestation). */
class HardwareEvidenceTest {
    static final String PHALA_SGX_CLOCK = "2025-07-19T10:01:17Z";
    static final String PHALA_MRENCLAVE = "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb";

    static Evidence sgx(String file) {
        return new Evidence(Evidence.SGX_DCAP_QUOTE, bytes("sgx/" + file));
    }

    @Test
    void sgxQuote_recorded_appraisesToHardwareClaims() {
        Claims c = DcapEvidenceVerifier.sgx(Recorded.intelRoot(), at(PHALA_SGX_CLOCK)).appraise(sgx("phala-sgx-v3.quote.bin"));
        assertThat(c.platform()).isEqualTo("sgx");
        assertThat(c.hardwareBacked()).isTrue();
        assertThat(c.measurementHex()).isEqualTo(PHALA_MRENCLAVE);
        assertThat(c.signerHex()).startsWith("815f42f1");
        assertThat(c.debug()).isFalse();
        assertThat(new String(c.reportData(), 0, 13)).isEqualTo("Hello, world!");
        assertThat(c.details()).containsEntry("fmspc", "00a067110000").containsEntry("pce-svn", "13");
        ReferenceValues.of(PHALA_MRENCLAVE).check(c);
    }

    @Test
    void sgxQuote_throughVerifier_failsKeyBindingBecauseItsReportDataIsNotOurs() {
        Verifier v = Verifier.builder().clock(at(PHALA_SGX_CLOCK)).add(DcapEvidenceVerifier.sgx(Recorded.intelRoot(),
                at(PHALA_SGX_CLOCK))).build();
        ReportData rd = new ReportData(v.nonce(), new byte[32], new byte[32]);
        assertThatThrownBy(() -> v.verify(sgx("phala-sgx-v3.quote.bin"), rd, ReferenceValues.of(PHALA_MRENCLAVE)))
                .isInstanceOfSatisfying(AttestationException.class, e -> assertThat(e.check()).isEqualTo(Check.KEY_BINDING));
    }

    @Test
    void sgxQuote_flippedMeasurementByte_failsQuoteSignature() {
        byte[] q = bytes("sgx/phala-sgx-v3.quote.bin");
        q[48 + 64] ^= 1; // MRENCLAVE
        assertThatThrownBy(() -> DcapEvidenceVerifier.sgx(Recorded.intelRoot(), at(PHALA_SGX_CLOCK))
                .appraise(new Evidence(Evidence.SGX_DCAP_QUOTE, q)))
                .isInstanceOfSatisfying(AttestationException.class, e -> assertThat(e.check()).isEqualTo(Check.EVIDENCE))
                .hasMessage("EVIDENCE: SGX quote: quote signature does not verify with the attestation key");
    }

    @Test
    void sgxQuote_afterThePckExpired_fails() {
        assertThatThrownBy(() -> DcapEvidenceVerifier.sgx(Recorded.intelRoot(), at("2032-01-01T00:00:00Z"))
                .appraise(sgx("phala-sgx-v3.quote.bin")))
                .hasMessage("EVIDENCE: SGX quote: PCK certificate 'Intel SGX PCK Certificate' is not valid at 2032-01-01T00:00:00Z "
                        + "(valid from 2023-09-20T21:53:43Z to 2030-09-20T21:53:43Z)");
    }

    @Test
    void sgxQuote_debugEnclave_passesEvidenceButFailsReferenceValues() {
        Claims c = DcapEvidenceVerifier.sgx(Recorded.intelRoot(), at("2025-02-13T04:00:32Z"))
                .appraise(sgx("occlum-sgx-v3-debug.quote.bin"));
        assertThat(c.debug()).isTrue();
        ReferenceValues ref = ReferenceValues.of(c.measurementHex());
        assertThatThrownBy(() -> ref.check(c))
                .hasMessage("REFERENCE_VALUES: the sgx enclave is a debug enclave (its memory is readable by the host) "
                        + "and debug is not allowed");
        ref.withDebugAllowed(true).check(c);
    }

    @Test
    void tdxQuote_recorded_appraisesMrtd() {
        Claims c = DcapEvidenceVerifier.tdx(Recorded.intelRoot(), at("2025-07-19T10:00:34Z"))
                .appraise(new Evidence(Evidence.TDX_QUOTE, bytes("tdx/phala-tdx-v4.quote.bin")));
        assertThat(c.platform()).isEqualTo("tdx");
        assertThat(c.measurementHex()).isEqualTo("91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7");
        assertThat(c.signer()).isEmpty();
        assertThat(c.debug()).isFalse();
        assertThatThrownBy(() -> ReferenceValues.of(c.measurementHex()).withSigner(new byte[32]).check(c))
                .hasMessage("REFERENCE_VALUES: signer (none) is not the required signer " + "00".repeat(32));
    }

    @Test
    void tdxQuote_debugTd_failsReferenceValues() {
        Claims c = DcapEvidenceVerifier.tdx(Recorded.intelRoot(), at("2023-07-01T01:00:00Z"))
                .appraise(new Evidence(Evidence.TDX_QUOTE, bytes("tdx/trustee-tdx-v4-debug.quote.bin")));
        assertThatThrownBy(() -> ReferenceValues.of(c.measurementHex()).check(c))
                .hasMessage("REFERENCE_VALUES: the tdx enclave is a debug enclave (its memory is readable by the host) "
                        + "and debug is not allowed");
    }

    @Test
    void tdxQuote_givenAsSgx_failsParsing() {
        assertThatThrownBy(() -> DcapEvidenceVerifier.sgx(Recorded.intelRoot(), at("2025-07-19T10:00:34Z"))
                .appraise(new Evidence(Evidence.SGX_DCAP_QUOTE, bytes("tdx/phala-tdx-v4.quote.bin"))))
                .hasMessageStartingWith("EVIDENCE: SGX quote v3: field 'version' at offset 0: found 4, expected 3");
    }

    static SnpEvidenceVerifier milan(String instant) {
        List<X509Certificate> chain = Recorded.certificates("sev-snp/amd-milan.ask-ark.pem");
        return new SnpEvidenceVerifier(AmdProduct.MILAN, chain.get(1), Optional.of(chain.get(0)), at(instant));
    }

    static Evidence snp(String report, String vcek) {
        byte[] raw = bytes("sev-snp/" + report);
        if (report.endsWith(".hex")) raw = HexFormat.of().parseHex(new String(raw).replaceAll("\\s", ""));
        return new Evidence(Evidence.SEV_SNP_REPORT, raw, List.of(new Endorsement(Endorsement.SNP_VCEK, bytes("sev-snp/" + vcek))));
    }

    @Test
    void snpReport_recorded_appraisesMeasurement() {
        Claims c = milan("2024-01-01T00:00:00Z").appraise(snp("virtee-milan-v2.report.hex", "virtee-milan-v2.vcek.der"));
        assertThat(c.platform()).isEqualTo("sev-snp");
        assertThat(c.hardwareBacked()).isTrue();
        assertThat(c.measurementHex()).isEqualTo("7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f");
        assertThat(c.details()).containsEntry("reported-tcb", "0x7308000000000003");
        ReferenceValues.of(c.measurementHex()).check(c);
    }

    @Test
    void snpReport_flippedBit_failsSignature() {
        Evidence e = snp("virtee-milan-v2.report.hex", "virtee-milan-v2.vcek.der");
        byte[] r = e.bytes();
        r[21] ^= (byte) 0x80;
        assertThatThrownBy(() -> milan("2024-01-01T00:00:00Z").appraise(new Evidence(Evidence.SEV_SNP_REPORT, r, e.endorsements())))
                .hasMessage("EVIDENCE: SEV-SNP report: signature does not verify with the SEV-VCEK key");
    }

    @Test
    void snpReport_debugPolicy_failsReferenceValues() {
        Claims c = milan("2022-09-24T01:00:00Z").appraise(snp("google-milan-v2.report.bin", "google-milan-v2.vcek.der"));
        assertThatThrownBy(() -> ReferenceValues.of(c.measurementHex()).check(c))
                .hasMessage("REFERENCE_VALUES: the sev-snp enclave is a debug enclave (its memory is readable by the host) "
                        + "and debug is not allowed");
    }

    @Test
    void snpReport_withoutVcek_fails() {
        byte[] r = bytes("sev-snp/trustee-milan-v2.report.bin");
        assertThatThrownBy(() -> milan("2024-01-01T00:00:00Z").appraise(new Evidence(Evidence.SEV_SNP_REPORT, r)))
                .hasMessage("EVIDENCE: SEV-SNP evidence carries no VCEK/VLEK endorsement (application/pkix-cert;role=vcek)");
    }

    @Test
    void snpReport_vcekOfAnotherChip_failsChain() {
        assertThatThrownBy(() -> milan("2024-01-01T00:00:00Z").appraise(snp("virtee-milan-v2.report.hex", "trustee-milan-v2.vcek.der")))
                .isInstanceOfSatisfying(AttestationException.class, e -> assertThat(e.check()).isEqualTo(Check.EVIDENCE))
                .hasMessage("EVIDENCE: SEV-SNP report: signature does not verify with the SEV-VCEK key");
    }
}
