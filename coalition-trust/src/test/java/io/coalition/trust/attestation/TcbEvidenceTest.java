package io.coalition.trust.attestation;

import io.coalition.trust.attestation.AttestationException.Check;
import io.coalition.trust.attestation.hw.DcapCollateral;
import io.coalition.trust.attestation.hw.TcbPolicy;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;

import static io.coalition.trust.attestation.Recorded.at;
import static io.coalition.trust.attestation.Recorded.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TCB status from Intel collateral in the hardware evidence verifiers, their claims, results and EARs. */
class TcbEvidenceTest {
    static final String PHALA_SGX_CLOCK = "2025-07-19T10:01:17Z";
    static final String PHALA_TDX_CLOCK = "2025-07-19T10:00:34Z";

    static DcapCollateral qvl(String relative) {
        return DcapCollateral.fromDcapQvl(relative, bytes(relative));
    }

    static Evidence sgx(String file) {
        return new Evidence(Evidence.SGX_DCAP_QUOTE, bytes("sgx/" + file));
    }

    static Evidence tdx(String file) {
        return new Evidence(Evidence.TDX_QUOTE, bytes("tdx/" + file));
    }

    static DcapEvidenceVerifier phalaSgx(TcbPolicy policy) {
        return DcapEvidenceVerifier.sgx(Recorded.intelRoot(), at(PHALA_SGX_CLOCK))
                .withCollateral(List.of(qvl("sgx/phala-sgx-v3.collateral.json")), policy);
    }

    @Test
    void withoutCollateral_claimsSayTcbNotChecked() {
        Claims c = DcapEvidenceVerifier.sgx(Recorded.intelRoot(), at(PHALA_SGX_CLOCK)).appraise(sgx("phala-sgx-v3.quote.bin"));
        assertThat(c.tcbStatus()).contains("not checked");
        assertThat(c.tcbAdvisories()).isEmpty();
    }

    @Test
    void defaultPolicy_refusesConfigurationAndSwHardeningNeeded() {
        assertThatThrownBy(() -> phalaSgx(TcbPolicy.upToDateOnly()).appraise(sgx("phala-sgx-v3.quote.bin")))
                .isInstanceOfSatisfying(AttestationException.class, e -> assertThat(e.check()).isEqualTo(Check.TCB))
                .hasMessage("TCB: TCB status ConfigurationAndSWHardeningNeeded (advisories INTEL-SA-00289, INTEL-SA-00615) "
                        + "is not accepted (accepted: UpToDate)");
    }

    @Test
    void acceptedStatus_isInTheClaims() {
        Claims c = phalaSgx(TcbPolicy.accepting("ConfigurationAndSWHardeningNeeded")).appraise(sgx("phala-sgx-v3.quote.bin"));
        assertThat(c.tcbStatus()).contains("ConfigurationAndSWHardeningNeeded");
        assertThat(c.tcbAdvisories()).containsExactly("INTEL-SA-00289", "INTEL-SA-00615");
        assertThat(c.details()).containsEntry("qe-tcb-status", "UpToDate").containsEntry("revocation", "checked")
                .containsEntry("tcb-evaluation-data-number", "17").doesNotContainKey("tdx-module-tcb-status");
    }

    @Test
    void upToDateTdx_throughTheVerifier_isAffirming_andTheEarCarriesTheTcb() throws Exception {
        DcapEvidenceVerifier dcap = DcapEvidenceVerifier.tdx(Recorded.intelRoot(), at(PHALA_TDX_CLOCK))
                .withCollateral(List.of(qvl("tdx/phala-tdx-v4.collateral.json")), TcbPolicy.upToDateOnly());
        AttestationResult r = throughVerifier(dcap, tdx("phala-tdx-v4.quote.bin"), PHALA_TDX_CLOCK);
        assertThat(r.status()).isEqualTo(AttestationResult.Status.AFFIRMING);
        assertThat(r.claims().details()).containsEntry("tdx-module-tcb-status", "UpToDate").containsEntry("tcb-advisories", "");
        Ear ear = earRoundTrip(r, PHALA_TDX_CLOCK);
        assertThat(ear.tcbStatus()).contains("UpToDate");
        assertThat(ear.tcbAdvisories()).isEmpty();
    }

    @Test
    void acceptedOutOfDateSgx_throughTheVerifier_isAWarning_andTheEarCarriesTheAdvisories() throws Exception {
        AttestationResult r = throughVerifier(phalaSgx(TcbPolicy.accepting("ConfigurationAndSWHardeningNeeded")),
                sgx("phala-sgx-v3.quote.bin"), PHALA_SGX_CLOCK);
        assertThat(r.status()).isEqualTo(AttestationResult.Status.WARNING);
        Ear ear = earRoundTrip(r, PHALA_SGX_CLOCK);
        assertThat(ear.status()).isEqualTo(AttestationResult.Status.WARNING);
        assertThat(ear.tcbStatus()).contains("ConfigurationAndSWHardeningNeeded");
        assertThat(ear.tcbAdvisories()).containsExactly("INTEL-SA-00289", "INTEL-SA-00615");
        assertThat(ear.claims().path("qe-tcb-status").asText()).isEqualTo("UpToDate");
    }

    @Test
    void withoutCollateral_throughTheVerifier_staysAffirming_andTheEarSaysNotChecked() throws Exception {
        AttestationResult r = throughVerifier(DcapEvidenceVerifier.sgx(Recorded.intelRoot(), at(PHALA_SGX_CLOCK)),
                sgx("phala-sgx-v3.quote.bin"), PHALA_SGX_CLOCK);
        assertThat(r.status()).isEqualTo(AttestationResult.Status.AFFIRMING);
        assertThat(earRoundTrip(r, PHALA_SGX_CLOCK).tcbStatus()).contains("not checked");
    }

    @Test
    void quoteOfAnFmspcWithoutCollateral_isRefused() {
        DcapEvidenceVerifier v = DcapEvidenceVerifier.tdx(Recorded.intelRoot(), at("2025-09-10T00:00:00Z"))
                .withCollateral(List.of(qvl("tdx/phala-near-tdx-v4.collateral.json")), TcbPolicy.upToDateOnly());
        assertThatThrownBy(() -> v.appraise(tdx("phala-tdx-v4.quote.bin")))
                .isInstanceOfSatisfying(AttestationException.class, e -> assertThat(e.check()).isEqualTo(Check.EVIDENCE))
                .hasMessage("EVIDENCE: no Intel collateral for the platform's FMSPC b0c06f000000 (collateral given for [20a06f000000])");
    }

    @Test
    void sgxCollateralForATdxVerifier_isRefused() {
        assertThatThrownBy(() -> DcapEvidenceVerifier.tdx(Recorded.intelRoot(), at(PHALA_TDX_CLOCK))
                .withCollateral(List.of(qvl("sgx/phala-sgx-v3.collateral.json")), TcbPolicy.upToDateOnly()))
                .hasMessage("DCAP verifier: collateral sgx/phala-sgx-v3.collateral.json holds SGX TCB Info, this verifier "
                        + "appraises TDX quotes");
    }

    @Test
    void twoCollateralSetsForOneFmspc_areRefused() {
        assertThatThrownBy(() -> DcapEvidenceVerifier.tdx(Recorded.intelRoot(), at(PHALA_TDX_CLOCK)).withCollateral(List.of(
                qvl("tdx/phala-tdx-v5-outdated.collateral.json"), qvl("tdx/phala-tdx-v5-outdated.collateral.json")),
                TcbPolicy.upToDateOnly()))
                .hasMessage("DCAP verifier: two collateral sets for FMSPC 90c06f000000 (tdx/phala-tdx-v5-outdated.collateral.json "
                        + "is the second); give one per platform model");
    }

    @Test
    void noMatchingTcbLevel_isAnEvidenceRefusal() {
        DcapEvidenceVerifier v = DcapEvidenceVerifier.tdx(Recorded.intelRoot(), at("2026-03-20T10:41:14Z"))
                .withCollateral(List.of(qvl("tdx/phala-tdx-v5-outdated.collateral.json")),
                        TcbPolicy.accepting("OutOfDate,OutOfDateConfigurationNeeded"));
        assertThatThrownBy(() -> v.appraise(tdx("phala-tdx-v5-outdated.quote.bin")))
                .isInstanceOfSatisfying(AttestationException.class, e -> assertThat(e.check()).isEqualTo(Check.EVIDENCE))
                .hasMessageStartingWith("EVIDENCE: TDX quote: no matching TCB level in the TCB Info for FMSPC 90c06f000000");
    }

    @Test
    void debugEnclaveWithCollateral_isRefusedByTheReferenceValues() {
        DcapEvidenceVerifier v = DcapEvidenceVerifier.sgx(Recorded.intelRoot(), at("2025-02-13T04:00:32Z"))
                .withCollateral(List.of(DcapCollateral.fromPcs("automata", bytes("sgx/automata-sgx-v3.tcbinfo.json"),
                        bytes("sgx/automata-sgx-v3.qeidentity.json"), Recorded.certificates("sgx/automata.tcb-signing-cert.pem"),
                        bytes("sgx/automata.root-ca-crl.der"), bytes("sgx/automata.pck-platform-crl.der"))), TcbPolicy.accepting("OutOfDate"));
        Claims c = v.appraise(sgx("occlum-sgx-v3-debug.quote.bin"));
        assertThat(c.tcbStatus()).contains("OutOfDate");
        assertThatThrownBy(() -> ReferenceValues.of(c.measurementHex()).check(c))
                .hasMessage("REFERENCE_VALUES: the sgx enclave is a debug enclave (its memory is readable by the host) "
                        + "and debug is not allowed");
    }

    /**
     * Runs the whole Verifier on recorded evidence. Recorded quotes cannot carry our report data, so the wrapper
     * substitutes the expected report data after the real appraisal: only the key binding is bypassed here (it
     * has its own tests); evidence, TCB and reference-value checks are the real ones.
     */
    private static AttestationResult throughVerifier(DcapEvidenceVerifier dcap, Evidence evidence, String clock) {
        ReportData[] expected = new ReportData[1];
        EvidenceVerifier rebinding = new EvidenceVerifier() {
            @Override
            public String mediaType() {
                return dcap.mediaType();
            }

            @Override
            public Claims appraise(Evidence e) {
                Claims c = dcap.appraise(e);
                return new Claims(c.platform(), c.hardwareBacked(), c.measurement(), c.signer(), c.productId(), c.svn(),
                        c.debug(), expected[0].bytes(), c.details());
            }
        };
        Verifier v = Verifier.builder().clock(at(clock)).add(rebinding).build();
        expected[0] = new ReportData(v.nonce(), new byte[32], new byte[32]);
        Claims claims = dcap.appraise(evidence);
        return v.verify(evidence, expected[0], ReferenceValues.of(claims.measurementHex()));
    }

    private static Ear earRoundTrip(AttestationResult r, String clock) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair k = g.generateKeyPair();
        return Ear.verify(r.toEar(k.getPrivate(), "test"), k.getPublic(), at(clock), Duration.ofMinutes(1));
    }

    @Test
    void nonZeroMrServiceTd_isRefusedUnlessServiceTdsAreAllowed() {
        // trustee's TDX 1.5 quote with a bound service TD, at its collateral's clock (no collateral: the quote's own checks)
        DcapEvidenceVerifier v = DcapEvidenceVerifier.tdx(Recorded.intelRoot(), at("2026-03-20T10:41:14Z"));
        String mrServiceTd = "383c87d3bbb047b2d171eaca95312ede99f258088dc788f6ae2ccf8b6dd848fe8d47629e08b3f6cbd4a00dd47a5a033d";
        assertThatThrownBy(() -> v.appraise(tdx("trustee-tdx-v5-servicetd.quote.bin")))
                .isExactlyInstanceOf(AttestationException.class)
                .hasMessage("EVIDENCE: TDX quote: MRSERVICETD " + mrServiceTd + " is not zero: a service TD is bound to "
                        + "this TD and its identity is not appraised (refused unless service TDs are allowed)");
        Claims c = v.allowingServiceTd().appraise(tdx("trustee-tdx-v5-servicetd.quote.bin"));
        assertThat(c.details()).containsEntry("mr-service-td", mrServiceTd).containsEntry("tcb-status", "not checked");
        // a quote without a service TD passes the default verifier and records zeros
        Claims phala = DcapEvidenceVerifier.tdx(Recorded.intelRoot(), at(PHALA_TDX_CLOCK)).appraise(tdx("phala-tdx-v4.quote.bin"));
        assertThat(phala.details()).containsEntry("mr-service-td", "00".repeat(48));
    }
}
