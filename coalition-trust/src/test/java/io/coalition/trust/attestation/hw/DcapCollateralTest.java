package io.coalition.trust.attestation.hw;

import io.coalition.eventlog.TestData;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import static io.coalition.trust.attestation.hw.Samples.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intel DCAP collateral (TCB Info, QE Identity, CRLs) and TCB level matching on every recorded quote of
 * ../shared/data/attestation, each at the fixed clock its README gives, with the result it documents; then
 * tampering with the collateral.
 */
class DcapCollateralTest {
    static final String PHALA_SGX_CLOCK = "2025-07-19T10:01:17Z";
    static final String AUTOMATA_CLOCK = "2025-02-13T04:00:32Z";
    static final String GOOGLE_TDX_CLOCK = "2023-07-01T01:00:00Z";
    static final String PHALA_TDX_CLOCK = "2025-07-19T10:00:34Z";
    static final String PHALA_V5_CLOCK = "2026-03-20T10:41:14Z";
    static final String NEAR_CLOCK = "2025-09-10T00:00:00Z";
    static final String TRUSTEE_EMR_CLOCK = "2025-11-01T00:00:00Z";

    // ---- collateral sets as recorded ----

    static DcapCollateral qvl(String relative) {
        return DcapCollateral.fromDcapQvl(relative, bytes(relative));
    }

    static DcapCollateral automataSgx() {
        return DcapCollateral.fromPcs("automata-sgx-v3", bytes("sgx/automata-sgx-v3.tcbinfo.json"),
                bytes("sgx/automata-sgx-v3.qeidentity.json"), certificates("sgx/automata.tcb-signing-cert.pem"),
                bytes("sgx/automata.root-ca-crl.der"), bytes("sgx/automata.pck-platform-crl.der"));
    }

    static DcapCollateral automataTdx() {
        return DcapCollateral.fromPcs("automata-tdx-v4", bytes("tdx/automata-tdx-v4.tcbinfo.json"),
                bytes("tdx/automata-tdx-v4.qeidentity.json"), certificates("tdx/automata.tcb-signing-cert.pem"),
                bytes("tdx/automata.root-ca-crl.der"), bytes("tdx/automata.pck-platform-crl.der"));
    }

    static DcapCollateral googleTdx(byte[] tcbInfo) {
        return DcapCollateral.fromPcs("google-tdx-v4-spr", tcbInfo, bytes("tdx/google-tdx-v4-spr.qeidentity.json"),
                certificates("tdx/google-tdx.tcb-signing-chain.pem"), bytes("tdx/google-tdx-v4-spr.root-ca-crl.der"),
                bytes("tdx/google-tdx-v4-spr.pck-platform-crl.der"));
    }

    /** Trustee's EMR collateral has no CRLs; its TCB Signing certificate is the 2025 re-issue from Phala's collateral. */
    static DcapCollateral trusteeEmr(List<X509Certificate> signing) {
        return DcapCollateral.fromPcs("trustee-tdx-v4-emr", bytes("tdx/trustee-tdx-v4-emr.tcbinfo.json"),
                bytes("tdx/trustee-tdx-v4-emr.qeidentity.json"), signing, null, null);
    }

    static List<X509Certificate> phala2025SigningChain() {
        return qvl("tdx/phala-tdx-v4.collateral.json").tcbSigningChain();
    }

    static SgxQuote sgx(String name) {
        return SgxQuote.parse(bytes("sgx/" + name));
    }

    static TdxQuote tdx(String name) {
        return TdxQuote.parse(bytes("tdx/" + name));
    }

    // ---- every sample with its documented result ----

    @Test
    void phalaSgx_isConfigurationAndSwHardeningNeededWithTwoAdvisories() {
        TcbEvaluation e = dcap(PHALA_SGX_CLOCK).verify(sgx("phala-sgx-v3.quote.bin"), qvl("sgx/phala-sgx-v3.collateral.json"));
        assertThat(e.status()).isEqualTo(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED);
        assertThat(e.advisoryIds()).containsExactly("INTEL-SA-00289", "INTEL-SA-00615");
        assertThat(e.qeStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
        assertThat(e.tdxModuleStatus()).isEmpty();
        assertThat(e.fmspc()).isEqualTo("00a067110000");
        assertThat(e.revocationChecked()).isTrue();
    }

    @Test
    void automataSgx_tcbInfoV2_isOutOfDateAtTheAugust2023Level() {
        TcbEvaluation e = dcap(AUTOMATA_CLOCK).verify(sgx("automata-sgx-v3.quote.bin"), automataSgx());
        assertThat(e.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
        assertThat(e.platformStatus()).isEqualTo(TcbStatus.OUT_OF_DATE);
        assertThat(e.tcbDate()).hasToString("2023-08-09T00:00:00Z");
        assertThat(e.advisoryIds()).isEmpty();
        assertThat(e.qeStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
        assertThat(e.fmspc()).isEqualTo("00606a000000");
        assertThat(e.tcbEvaluationDataNumber()).isEqualTo(17);
    }

    @Test
    void occlumDebugEnclave_isRefusedByDefault_andOutOfDateWhenDebugIsAllowed() {
        SgxQuote q = sgx("occlum-sgx-v3-debug.quote.bin");
        assertThat(failure(() -> dcap(AUTOMATA_CLOCK).verify(q, automataSgx())))
                .isEqualTo("SGX quote: the enclave is a debug enclave (ATTRIBUTES.DEBUG set) and debug is not allowed");
        TcbEvaluation e = dcap(AUTOMATA_CLOCK).allowingDebug().verify(q, automataSgx());
        assertThat(e.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
        assertThat(e.tcbDate()).hasToString("2021-11-10T00:00:00Z");
    }

    @Test
    void phalaTdxV4_isUpToDate() {
        TcbEvaluation e = dcap(PHALA_TDX_CLOCK).verify(tdx("phala-tdx-v4.quote.bin"), qvl("tdx/phala-tdx-v4.collateral.json"));
        assertThat(e.status()).isEqualTo(TcbStatus.UP_TO_DATE);
        assertThat(e.advisoryIds()).isEmpty();
        assertThat(e.tdxModuleStatus()).contains(TcbStatus.UP_TO_DATE);
        assertThat(e.qeStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
    }

    @Test
    void phalaTdxV5Outdated_hasNoMatchingTcbLevel() {
        assertThat(failure(() -> dcap(PHALA_V5_CLOCK).verify(tdx("phala-tdx-v5-outdated.quote.bin"),
                qvl("tdx/phala-tdx-v5-outdated.collateral.json"))))
                .isEqualTo("TDX quote: no matching TCB level in the TCB Info for FMSPC 90c06f000000 (PCK SGX TCB components "
                        + "3,3,2,2,4,1,0,3,0,0,0,0,0,0,0,0, PCESVN 13, TEE_TCB_SVN 07010300000000000000000000000000)");
    }

    @Test
    void phalaNearTdx_hexQuote_isUpToDate() {
        TcbEvaluation e = dcap(NEAR_CLOCK).verify(tdx("phala-near-tdx-v4.quote.hex"), qvl("tdx/phala-near-tdx-v4.collateral.json"));
        assertThat(e.status()).isEqualTo(TcbStatus.UP_TO_DATE);
        assertThat(e.fmspc()).isEqualTo("20a06f000000");
    }

    @Test
    void googleTdxSpr_collateralValid_butNoMatchingTcbLevel() {
        assertThat(failure(() -> dcap(GOOGLE_TDX_CLOCK).verify(tdx("google-tdx-v4-spr.quote.bin"),
                googleTdx(bytes("tdx/google-tdx-v4-spr.tcbinfo.json")))))
                .isEqualTo("TDX quote: no matching TCB level in the TCB Info for FMSPC 50806f000000 (PCK SGX TCB components "
                        + "3,3,2,2,2,1,0,2,0,0,0,0,0,0,0,0, PCESVN 11, TEE_TCB_SVN 03000400000000000000000000000000)");
    }

    @Test
    void googleTdxV5_isUpToDateWithEitherTcbInfo() {
        DcapCollateral phala = qvl("tdx/phala-tdx-v5-outdated.collateral.json");
        TdxQuote q = tdx("google-tdx-v5.quote.bin");
        assertThat(dcap(PHALA_V5_CLOCK).verify(q, phala).status()).isEqualTo(TcbStatus.UP_TO_DATE);
        // Google's own TCB Info (2026-02-01 to 03-03) with the rest of Phala's collateral, inside both windows
        DcapCollateral google = DcapCollateral.fromPcs("google-tdx-v5", bytes("tdx/google-tdx-v5.tcbinfo.json"),
                pcsBody("enclaveIdentity", phala.qeIdentity().signed()), phala.tcbSigningChain(),
                crlBytes(phala.rootCaCrl().orElseThrow()), crlBytes(phala.pckCrl().orElseThrow()));
        TcbEvaluation e = dcap("2026-03-01T00:00:00Z").verify(q, google);
        assertThat(e.status()).isEqualTo(TcbStatus.UP_TO_DATE);
        assertThat(e.tdxModuleStatus()).contains(TcbStatus.UP_TO_DATE);
    }

    @Test
    void automataTdx_isOutOfDateWithThreeAdvisories_andTdx01UpToDate() {
        TcbEvaluation e = dcap(AUTOMATA_CLOCK).verify(tdx("automata-tdx-v4.quote.bin"), automataTdx());
        assertThat(e.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
        assertThat(e.advisoryIds()).containsExactly("INTEL-SA-00960", "INTEL-SA-00982", "INTEL-SA-00986");
        assertThat(e.tdxModuleStatus()).contains(TcbStatus.UP_TO_DATE);
        assertThat(e.qeStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
        assertThat(e.tcbDate()).hasToString("2023-08-09T00:00:00Z");
    }

    @Test
    void trusteeEmr_isOutOfDateThroughTdx03_withoutCrls() {
        TcbEvaluation e = dcap(TRUSTEE_EMR_CLOCK).verify(tdx("trustee-tdx-v4-emr.quote.bin"), trusteeEmr(phala2025SigningChain()));
        assertThat(e.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
        assertThat(e.platformStatus()).isEqualTo(TcbStatus.OUT_OF_DATE);
        assertThat(e.tcbDate()).hasToString("2018-01-04T00:00:00Z");
        assertThat(e.advisoryIds()).isEmpty();
        assertThat(e.tdxModuleStatus()).contains(TcbStatus.UP_TO_DATE);
        assertThat(e.qeStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
        assertThat(e.revocationChecked()).isFalse();
        // the default policy refuses collateral without CRLs; allowing it explicitly leaves the status to judge
        assertThat(failure(() -> TcbPolicy.accepting("OutOfDate").check(e))).isEqualTo("TCB policy: the collateral has no CRLs, "
                + "so revocation of the PCK certificate and PCK CA was not checked; refused unless unchecked revocation is allowed explicitly");
        TcbPolicy.accepting("OutOfDate").allowingUncheckedRevocation().check(e);
        assertThat(failure(() -> TcbPolicy.upToDateOnly().allowingUncheckedRevocation().check(e)))
                .isEqualTo("TCB status OutOfDate is not accepted (accepted: UpToDate)");
    }

    @Test
    void trusteeEmr_withTheExpired2018TcbSigningCertificate_isRefused() {
        assertThat(failure(() -> dcap(TRUSTEE_EMR_CLOCK).verify(tdx("trustee-tdx-v4-emr.quote.bin"),
                trusteeEmr(certificates("tdx/automata.tcb-signing-cert.pem")))))
                .isEqualTo("DCAP collateral (trustee-tdx-v4-emr): TCB Signing certificate 'Intel SGX TCB Signing' is not valid at "
                        + "2025-11-01T00:00:00Z (valid from 2018-05-21T10:50:10Z to 2025-05-21T10:50:10Z)");
    }

    @Test
    void trusteeDebugTd_isRefusedByDefault_andUpToDateWhenDebugIsAllowed() {
        TdxQuote q = tdx("trustee-tdx-v4-debug.quote.bin");
        DcapCollateral google = googleTdx(bytes("tdx/google-tdx-v4-spr.tcbinfo.json"));
        assertThat(failure(() -> dcap(GOOGLE_TDX_CLOCK).verify(q, google)))
                .isEqualTo("TDX quote: the TD is a debug TD (TD_ATTRIBUTES.DEBUG set) and debug is not allowed");
        assertThat(dcap(GOOGLE_TDX_CLOCK).allowingDebug().verify(q, google).status()).isEqualTo(TcbStatus.UP_TO_DATE);
    }

    @Test
    void trusteeServiceTd_hasNoMatchingTcbLevel() {
        assertThat(failure(() -> dcap(PHALA_V5_CLOCK).verify(tdx("trustee-tdx-v5-servicetd.quote.bin"),
                qvl("tdx/phala-tdx-v5-outdated.collateral.json"))))
                .startsWith("TDX quote: no matching TCB level in the TCB Info for FMSPC 90c06f000000");
    }

    // ---- tampering and expiry ----

    @Test
    void flippedByteInTcbInfoText_failsTheSignature() {
        String body = new String(bytes("sgx/automata-sgx-v3.tcbinfo.json"), StandardCharsets.US_ASCII);
        int at = body.indexOf("\"nextUpdate\":\"2025-03-15T03:29:42Z\"") + "\"nextUpdate\":\"2025-03-15T03:29:4".length();
        byte[] flipped = flip(body.getBytes(StandardCharsets.US_ASCII), at); // '2' -> '3': still valid JSON
        DcapCollateral c = DcapCollateral.fromPcs("flipped", flipped, bytes("sgx/automata-sgx-v3.qeidentity.json"),
                certificates("sgx/automata.tcb-signing-cert.pem"), bytes("sgx/automata.root-ca-crl.der"),
                bytes("sgx/automata.pck-platform-crl.der"));
        assertThat(failure(() -> dcap(AUTOMATA_CLOCK).verify(sgx("automata-sgx-v3.quote.bin"), c)))
                .isEqualTo("DCAP collateral (flipped): TCB Info signature does not verify with the TCB Signing certificate's key");
    }

    @Test
    void flippedByteInQeIdentity_failsTheSignature() {
        byte[] qe = bytes("sgx/automata-sgx-v3.qeidentity.json");
        String text = new String(qe, StandardCharsets.US_ASCII);
        byte[] flipped = flip(qe, text.indexOf("\"isvprodid\":1") + "\"isvprodid\":".length()); // 1 -> 0
        DcapCollateral c = DcapCollateral.fromPcs("flipped", bytes("sgx/automata-sgx-v3.tcbinfo.json"), flipped,
                certificates("sgx/automata.tcb-signing-cert.pem"), bytes("sgx/automata.root-ca-crl.der"),
                bytes("sgx/automata.pck-platform-crl.der"));
        assertThat(failure(() -> dcap(AUTOMATA_CLOCK).verify(sgx("automata-sgx-v3.quote.bin"), c)))
                .isEqualTo("DCAP collateral (flipped): QE Identity signature does not verify with the TCB Signing certificate's key");
    }

    @Test
    void reserialisedTcbInfo_failsTheSignature() throws Exception {
        // same content, other whitespace: the signature covers the served text, not the JSON value
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = mapper.readTree(bytes("sgx/automata-sgx-v3.tcbinfo.json"));
        byte[] pretty = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
        DcapCollateral c = DcapCollateral.fromPcs("pretty", pretty, bytes("sgx/automata-sgx-v3.qeidentity.json"),
                certificates("sgx/automata.tcb-signing-cert.pem"), bytes("sgx/automata.root-ca-crl.der"),
                bytes("sgx/automata.pck-platform-crl.der"));
        assertThat(failure(() -> dcap(AUTOMATA_CLOCK).verify(sgx("automata-sgx-v3.quote.bin"), c)))
                .isEqualTo("DCAP collateral (pretty): TCB Info signature does not verify with the TCB Signing certificate's key");
    }

    @Test
    void clockPastNextUpdate_expiresTheTcbInfo() {
        assertThat(failure(() -> dcap("2025-03-15T03:30:00Z").verify(sgx("automata-sgx-v3.quote.bin"), automataSgx())))
                .isEqualTo("DCAP collateral (automata-sgx-v3): TCB Info expired: nextUpdate 2025-03-15T03:29:42Z is before "
                        + "the verification time 2025-03-15T03:30:00Z");
    }

    @Test
    void clockBeforeIssueDate_isNotYetValid() {
        assertThat(failure(() -> dcap("2025-02-13T03:35:00Z").verify(sgx("automata-sgx-v3.quote.bin"), automataSgx())))
                .startsWith("DCAP collateral (automata-sgx-v3): the ");
    }

    @Test
    void collateralForAnotherFmspc_isRefused() {
        assertThat(failure(() -> dcap(NEAR_CLOCK).verify(tdx("phala-tdx-v4.quote.bin"), qvl("tdx/phala-near-tdx-v4.collateral.json"))))
                .isEqualTo("DCAP collateral (tdx/phala-near-tdx-v4.collateral.json): TCB Info is for FMSPC 20a06f000000, "
                        + "the PCK certificate's FMSPC is b0c06f000000");
    }

    @Test
    void sgxCollateralForATdxQuote_isRefused() {
        assertThat(failure(() -> dcap(AUTOMATA_CLOCK).verify(tdx("automata-tdx-v4.quote.bin"), automataSgx())))
                .isEqualTo("DCAP collateral (automata-sgx-v3): TCB Info is for SGX, the quote is a TDX quote");
    }

    @Test
    void pckCrlOfAnotherCa_failsTheIssuerCheck() {
        // Phala's PCK is issued by the Processor CA; the Platform CA's CRL cannot speak for it
        DcapCollateral phala = qvl("sgx/phala-sgx-v3.collateral.json");
        DcapCollateral swapped = DcapCollateral.fromPcs("swapped-crl", pcsBody("tcbInfo", phala.tcbInfo().signed()),
                pcsBody("enclaveIdentity", phala.qeIdentity().signed()), phala.tcbSigningChain(),
                crlBytes(phala.rootCaCrl().orElseThrow()), bytes("sgx/automata.pck-platform-crl.der"));
        assertThat(failure(() -> dcap(PHALA_SGX_CLOCK).verify(sgx("phala-sgx-v3.quote.bin"), swapped)))
                .isEqualTo("DCAP collateral (swapped-crl): the PCK CRL is issued by 'C=US, ST=CA, L=Santa Clara, "
                        + "O=Intel Corporation, CN=Intel SGX PCK Platform CA', not by 'C=US, ST=CA, L=Santa Clara, "
                        + "O=Intel Corporation, CN=Intel SGX PCK Processor CA'");
    }

    @Test
    void forgedCrlRevokingThePck_failsItsSignature() throws Exception {
        // a CRL naming Intel's PCK Platform CA and listing the PCK's serial, signed by a throwaway key
        SgxQuote q = sgx("automata-sgx-v3.quote.bin");
        X509Certificate pck = q.pckChain().get(0);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair throwaway = g.generateKeyPair();
        X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(pck.getIssuerX500Principal().getEncoded()),
                date("2025-02-13T00:00:00Z"));
        b.setNextUpdate(date("2025-03-13T00:00:00Z"));
        b.addCRLEntry(pck.getSerialNumber(), date("2025-02-01T00:00:00Z"), CRLReason.keyCompromise);
        byte[] forged = new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(throwaway.getPrivate()))).getEncoded();
        DcapCollateral c = DcapCollateral.fromPcs("forged-crl", bytes("sgx/automata-sgx-v3.tcbinfo.json"),
                bytes("sgx/automata-sgx-v3.qeidentity.json"), certificates("sgx/automata.tcb-signing-cert.pem"),
                bytes("sgx/automata.root-ca-crl.der"), forged);
        assertThat(failure(() -> dcap(AUTOMATA_CLOCK).verify(q, c)))
                .isEqualTo("DCAP collateral (forged-crl): the PCK CRL signature does not verify with the key of 'Intel SGX PCK Platform CA'");
    }

    @Test
    void genuineCrls_doNotListTheRecordedPcks() {
        // each genuine PCK CRL verifies and does not list the recorded PCK certificate
        assertThat(dcap(AUTOMATA_CLOCK).verify(sgx("automata-sgx-v3.quote.bin"), automataSgx()).revocationChecked()).isTrue();
        assertThat(automataSgx().pckCrl().orElseThrow().getRevokedCertificates()).isNotEmpty();
        assertThat(automataSgx().pckCrl().orElseThrow().isRevoked(sgx("automata-sgx-v3.quote.bin").pckChain().get(0))).isFalse();
    }

    @Test
    void expiredCrl_isRefused() {
        // the automata Platform CA CRL used half a year later, with otherwise current collateral (Phala TDX v4 window)
        DcapCollateral phala = qvl("tdx/phala-tdx-v4.collateral.json");
        DcapCollateral stale = DcapCollateral.fromPcs("stale-crl", pcsBody("tcbInfo", phala.tcbInfo().signed()),
                pcsBody("enclaveIdentity", phala.qeIdentity().signed()), phala.tcbSigningChain(),
                crlBytes(phala.rootCaCrl().orElseThrow()), bytes("tdx/automata.pck-platform-crl.der"));
        assertThat(failure(() -> dcap(PHALA_TDX_CLOCK).verify(tdx("phala-tdx-v4.quote.bin"), stale)))
                .startsWith("DCAP collateral (stale-crl): the PCK CRL expired: nextUpdate 2025-03-");
    }

    @Test
    void tcbSigningCertificateFromAnImpostorRoot_isRefused() {
        X509Certificate fake = impostor(certificates("sgx/automata.tcb-signing-cert.pem").get(0));
        DcapCollateral c = DcapCollateral.fromPcs("impostor", bytes("sgx/automata-sgx-v3.tcbinfo.json"),
                bytes("sgx/automata-sgx-v3.qeidentity.json"), List.of(fake), bytes("sgx/automata.root-ca-crl.der"),
                bytes("sgx/automata.pck-platform-crl.der"));
        assertThat(failure(() -> dcap(AUTOMATA_CLOCK).verify(sgx("automata-sgx-v3.quote.bin"), c)))
                .isEqualTo("DCAP collateral (impostor): TCB Signing certificate 'Intel SGX TCB Signing' names issuer "
                        + "'C=US, ST=CA, L=Santa Clara, O=Intel Corporation, CN=Intel SGX TCB Signing', not the Intel SGX Root CA");
    }

    @Test
    void tcbSigningCertificateSignedByAnotherKeyUnderIntelsRootName_isRefused() {
        // the collateral's signature is the real one, so only the certificate's own signature can fail: swap its key
        X509Certificate real = certificates("sgx/automata.tcb-signing-cert.pem").get(0);
        KeyPair k = Fixtures.ec("secp256r1");
        X509Certificate forged = issued(real, intelRoot(), k);
        DcapCollateral c = DcapCollateral.fromPcs("forged-signing", bytes("sgx/automata-sgx-v3.tcbinfo.json"),
                bytes("sgx/automata-sgx-v3.qeidentity.json"), List.of(forged), bytes("sgx/automata.root-ca-crl.der"),
                bytes("sgx/automata.pck-platform-crl.der"));
        assertThat(failure(() -> dcap(AUTOMATA_CLOCK).verify(sgx("automata-sgx-v3.quote.bin"), c)))
                .isEqualTo("DCAP collateral (forged-signing): TCB Signing certificate 'Intel SGX TCB Signing' signature "
                        + "does not verify with the Intel SGX Root CA's key");
    }

    @Test
    void malformedCollateral_namesTheField() {
        String body = new String(bytes("sgx/automata-sgx-v3.tcbinfo.json"), StandardCharsets.US_ASCII)
                .replace("\"pcesvn\":13", "\"pcesvn\":\"13\"");
        assertThat(failure(() -> DcapCollateral.fromPcs("bad", body.getBytes(StandardCharsets.US_ASCII),
                bytes("sgx/automata-sgx-v3.qeidentity.json"), certificates("sgx/automata.tcb-signing-cert.pem"), null, null)))
                .isEqualTo("TCB Info (bad) field tcbLevels[0].tcb.pcesvn is \"13\", expected an integer 0 to 65535");
        String dup = new String(bytes("sgx/automata-sgx-v3.tcbinfo.json"), StandardCharsets.US_ASCII)
                .replaceFirst("\"version\":2,", "\"version\":2,\"version\":3,");
        assertThat(failure(() -> DcapCollateral.fromPcs("dup", dup.getBytes(StandardCharsets.US_ASCII),
                bytes("sgx/automata-sgx-v3.qeidentity.json"), certificates("sgx/automata.tcb-signing-cert.pem"), null, null)))
                .startsWith("TCB Info (dup) is not valid JSON: Duplicate field 'version'");
    }

    @Test
    void loadsAFolderOfPcsFiles(@TempDir Path dir) throws Exception {
        // links, not copies, to the recorded files
        for (String f : List.of("automata-sgx-v3.tcbinfo.json", "automata-sgx-v3.qeidentity.json",
                "automata.tcb-signing-cert.pem", "automata.root-ca-crl.der", "automata.pck-platform-crl.der")) {
            Files.createSymbolicLink(dir.resolve(f), TestData.require("attestation/sgx/" + f).toAbsolutePath());
        }
        DcapCollateral c = DcapCollateral.load(dir);
        assertThat(c.fmspc()).isEqualTo("00606a000000");
        assertThat(c.hasCrls()).isTrue();
        assertThat(dcap(AUTOMATA_CLOCK).verify(sgx("automata-sgx-v3.quote.bin"), c).status()).isEqualTo(TcbStatus.OUT_OF_DATE);
        Files.createSymbolicLink(dir.resolve("other.tcbinfo.json"), TestData.require("attestation/tdx/automata-tdx-v4.tcbinfo.json").toAbsolutePath());
        assertThat(failure(() -> DcapCollateral.load(dir))).isEqualTo("DCAP collateral " + dir + ": 2 files match *tcbinfo.json "
                + "([automata-sgx-v3.tcbinfo.json, other.tcbinfo.json]), expected one");
    }

    @Test
    void statusesMergeByIntelsRules() {
        assertThat(TcbStatus.UP_TO_DATE.merge(TcbStatus.OUT_OF_DATE)).isEqualTo(TcbStatus.OUT_OF_DATE);
        assertThat(TcbStatus.SW_HARDENING_NEEDED.merge(TcbStatus.OUT_OF_DATE)).isEqualTo(TcbStatus.OUT_OF_DATE);
        assertThat(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED.merge(TcbStatus.OUT_OF_DATE))
                .isEqualTo(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED);
        assertThat(TcbStatus.CONFIGURATION_NEEDED.merge(TcbStatus.UP_TO_DATE)).isEqualTo(TcbStatus.CONFIGURATION_NEEDED);
        assertThat(TcbStatus.OUT_OF_DATE.merge(TcbStatus.REVOKED)).isEqualTo(TcbStatus.REVOKED);
        assertThat(failure(() -> TcbPolicy.accepting("OutOfDate,Revoked"))).isEqualTo("TCB policy: status Revoked can never be accepted");
        assertThat(failure(() -> TcbPolicy.accepting("Outdated")))
                .startsWith("TCB policy: unknown TCB status 'Outdated' (expected one of UpToDate,");
        assertThat(TcbPolicy.accepting("SWHardeningNeeded, OutOfDate").describe()).isEqualTo("UpToDate,SWHardeningNeeded,OutOfDate");
    }

    // ---- helpers ----

    /** {@code subject}'s name and key, naming {@code issuer}'s subject as issuer, signed by {@code key}. */
    static X509Certificate issued(X509Certificate subject, X509Certificate issuer, KeyPair key) {
        try {
            var b = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                    X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), subject.getSerialNumber(),
                    subject.getNotBefore(), subject.getNotAfter(),
                    X500Name.getInstance(subject.getSubjectX500Principal().getEncoded()), subject.getPublicKey());
            return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PCS body around signed text, kept byte for byte. */
    static byte[] pcsBody(String member, SignedJson s) {
        String text = new String(s.text(), StandardCharsets.UTF_8);
        return ("{\"" + member + "\":" + text + ",\"signature\":\"" + hex(s.signature()) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] crlBytes(java.security.cert.X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException(e);
        }
    }

}
