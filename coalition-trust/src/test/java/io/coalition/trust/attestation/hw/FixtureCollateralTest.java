package io.coalition.trust.attestation.hw;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import static io.coalition.trust.attestation.hw.Samples.date;
import static io.coalition.trust.attestation.hw.Samples.failure;
import static io.coalition.trust.attestation.hw.Samples.hex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Collateral checks that Intel-signed data cannot reach (a revoked PCK, a revoked PCK CA, a Revoked or
 * OutOfDateConfigurationNeeded TCB level, a QE of another signer), on an SGX quote, TCB Info, QE Identity and CRLs
 * made with our own keys under our own root, verified through the package-private {@code DcapVerifier.trusting}
 * seam. The PCK certifies TCB components 2 and PCESVN 13 for FMSPC 00906ea10000; the fixture clock is 2030-01-01.
 */
class FixtureCollateralTest {
    final Fixtures.Dcap f = new Fixtures.Dcap().withSgxExtension();
    final KeyPair signingKeys = Fixtures.ec("secp256r1");
    final X509Certificate signing = Fixtures.certificate("CN=Test SGX TCB Signing", signingKeys.getPublic(),
            "CN=Test SGX Root CA", f.rootKeys.getPrivate(), "SHA256withECDSA", -1, Map.of());

    static String tcbInfo(String secondLevelStatus) {
        return "{\"id\":\"SGX\",\"version\":3,\"issueDate\":\"2029-12-01T00:00:00Z\",\"nextUpdate\":\"2030-01-31T00:00:00Z\","
                + "\"fmspc\":\"00906EA10000\",\"pceId\":\"0000\",\"tcbType\":0,\"tcbEvaluationDataNumber\":9,\"tcbLevels\":["
                + level(3, "2029-06-01T00:00:00Z", "UpToDate", "") + ","
                + level(2, "2028-06-01T00:00:00Z", secondLevelStatus, ",\"advisoryIDs\":[\"INTEL-SA-TEST1\",\"INTEL-SA-TEST2\"]") + "]}";
    }

    static String level(int svn, String date, String status, String extra) {
        StringBuilder comps = new StringBuilder();
        for (int i = 0; i < 16; i++) comps.append(i == 0 ? "" : ",").append("{\"svn\":").append(svn).append('}');
        return "{\"tcb\":{\"sgxtcbcomponents\":[" + comps + "],\"pcesvn\":13},\"tcbDate\":\"" + date + "\",\"tcbStatus\":\""
                + status + "\"" + extra + "}";
    }

    static String qeIdentity(String mrSigner, String qeStatus) {
        return "{\"id\":\"QE\",\"version\":2,\"issueDate\":\"2029-12-01T00:00:00Z\",\"nextUpdate\":\"2030-01-31T00:00:00Z\","
                + "\"tcbEvaluationDataNumber\":9,\"miscselect\":\"00000000\",\"miscselectMask\":\"FFFFFFFF\","
                + "\"attributes\":\"05000000000000000000000000000000\",\"attributesMask\":\"FFFFFFFFFFFFFFFF0000000000000000\","
                + "\"mrsigner\":\"" + mrSigner + "\",\"isvprodid\":1,\"tcbLevels\":[{\"tcb\":{\"isvsvn\":2},"
                + "\"tcbDate\":\"2029-01-01T00:00:00Z\",\"tcbStatus\":\"" + qeStatus + "\"}]}";
    }

    byte[] body(String member, String text) {
        byte[] sig = Fixtures.signP1363("SHA256withECDSA", signingKeys.getPrivate(), text.getBytes(StandardCharsets.UTF_8));
        return ("{\"" + member + "\":" + text + ",\"signature\":\"" + hex(sig) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] crl(X509Certificate issuer, PrivateKey key, X509Certificate revoked) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                date("2029-12-01T00:00:00Z"));
        b.setNextUpdate(date("2030-02-01T00:00:00Z"));
        if (revoked != null) b.addCRLEntry(revoked.getSerialNumber(), date("2029-12-15T00:00:00Z"), CRLReason.keyCompromise);
        return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key))).getEncoded();
    }

    DcapCollateral collateral(String tcbText, String qeText, X509Certificate revokedByRoot, X509Certificate revokedByCa)
            throws Exception {
        return DcapCollateral.fromPcs("fixture", body("tcbInfo", tcbText), body("enclaveIdentity", qeText), List.of(signing),
                crl(f.root, f.rootKeys.getPrivate(), revokedByRoot), crl(f.ca, f.caKeys.getPrivate(), revokedByCa));
    }

    static final String ZERO_SIGNER = "00".repeat(32);

    @Test
    void ownCollateral_matchesTheSecondLevel_withItsAdvisories() throws Exception {
        TcbEvaluation e = f.verifier().verify(SgxQuote.parse(f.sgxQuote()),
                collateral(tcbInfo("SWHardeningNeeded"), qeIdentity(ZERO_SIGNER, "UpToDate"), null, null));
        assertThat(e.status()).isEqualTo(TcbStatus.SW_HARDENING_NEEDED);
        assertThat(e.advisoryIds()).containsExactly("INTEL-SA-TEST1", "INTEL-SA-TEST2");
        assertThat(e.tcbDate()).hasToString("2028-06-01T00:00:00Z");
        assertThat(e.revocationChecked()).isTrue();
    }

    @Test
    void outOfDateQe_mergesWithConfigurationNeeded() throws Exception {
        TcbEvaluation e = f.verifier().verify(SgxQuote.parse(f.sgxQuote()),
                collateral(tcbInfo("ConfigurationAndSWHardeningNeeded"), qeIdentity(ZERO_SIGNER, "OutOfDate"), null, null));
        assertThat(e.platformStatus()).isEqualTo(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED);
        assertThat(e.qeStatus()).isEqualTo(TcbStatus.OUT_OF_DATE);
        assertThat(e.status()).isEqualTo(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED);
    }

    @Test
    void revokedTcbLevel_isNeverAccepted() throws Exception {
        TcbEvaluation e = f.verifier().verify(SgxQuote.parse(f.sgxQuote()),
                collateral(tcbInfo("Revoked"), qeIdentity(ZERO_SIGNER, "UpToDate"), null, null));
        assertThat(e.status()).isEqualTo(TcbStatus.REVOKED);
        assertThat(failure(() -> TcbPolicy.accepting("OutOfDate,SWHardeningNeeded,ConfigurationNeeded").check(e)))
                .isEqualTo("TCB status Revoked (advisories INTEL-SA-TEST1, INTEL-SA-TEST2) is not accepted "
                        + "(accepted: UpToDate,SWHardeningNeeded,ConfigurationNeeded,OutOfDate)");
    }

    @Test
    void pckListedOnThePckCrl_isRevoked() throws Exception {
        DcapCollateral c = collateral(tcbInfo("UpToDate"), qeIdentity(ZERO_SIGNER, "UpToDate"), null, f.pck);
        assertThat(failure(() -> f.verifier().verify(SgxQuote.parse(f.sgxQuote()), c)))
                .isEqualTo("DCAP collateral (fixture): the PCK certificate (serial " + f.pck.getSerialNumber().toString(16)
                        + ") is revoked by the PCK CRL of 'Test SGX PCK Platform CA' since 2029-12-15T00:00:00Z (KEY_COMPROMISE)");
    }

    @Test
    void pckCaListedOnTheRootCaCrl_isRevoked() throws Exception {
        DcapCollateral c = collateral(tcbInfo("UpToDate"), qeIdentity(ZERO_SIGNER, "UpToDate"), f.ca, null);
        assertThat(failure(() -> f.verifier().verify(SgxQuote.parse(f.sgxQuote()), c)))
                .isEqualTo("DCAP collateral (fixture): the PCK CA certificate (serial " + f.ca.getSerialNumber().toString(16)
                        + ") is revoked by the root CA CRL of 'Test SGX Root CA' since 2029-12-15T00:00:00Z (KEY_COMPROMISE)");
    }

    @Test
    void qeOfAnotherSigner_isRefused() throws Exception {
        DcapCollateral c = collateral(tcbInfo("UpToDate"), qeIdentity("11".repeat(32), "UpToDate"), null, null);
        assertThat(failure(() -> f.verifier().verify(SgxQuote.parse(f.sgxQuote()), c)))
                .isEqualTo("SGX quote: QE MRSIGNER " + ZERO_SIGNER + " is not the QE Identity's " + "11".repeat(32));
    }

    @Test
    void pckBelowEveryLevel_hasNoMatchingTcbLevel() throws Exception {
        String onlyHigh = tcbInfo("UpToDate").replace("," + level(2, "2028-06-01T00:00:00Z", "UpToDate",
                ",\"advisoryIDs\":[\"INTEL-SA-TEST1\",\"INTEL-SA-TEST2\"]"), "");
        DcapCollateral c = collateral(onlyHigh, qeIdentity(ZERO_SIGNER, "UpToDate"), null, null);
        assertThat(failure(() -> f.verifier().verify(SgxQuote.parse(f.sgxQuote()), c)))
                .isEqualTo("SGX quote: no matching TCB level in the TCB Info for FMSPC 00906ea10000 (PCK SGX TCB components "
                        + "2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2, PCESVN 13)");
    }
}
