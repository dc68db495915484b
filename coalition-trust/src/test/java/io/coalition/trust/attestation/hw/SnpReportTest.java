package io.coalition.trust.attestation.hw;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import static io.coalition.trust.attestation.hw.Samples.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SEV-SNP reports recorded on Milan, Genoa and Google Cloud hardware (../shared/data/attestation/sev-snp). */
class SnpReportTest {
    static final String GOOGLE_CLOCK = "2022-09-24T01:00:00Z";

    static List<X509Certificate> chain(String product) {
        return certificates("sev-snp/amd-" + product + ".pem");
    }

    static SnpVerifier verifier(AmdProduct product, String chainFile, String instant) {
        return SnpVerifier.pinnedTo(product, certificates("sev-snp/" + chainFile).get(1), at(instant));
    }

    static X509Certificate milanAsk() {
        return certificates("sev-snp/amd-milan.ask-ark.pem").get(0);
    }

    @Test
    void googleMilanReport_parsesAndVerifiesWhenDebugIsAllowed() {
        SnpReport r = SnpReport.parse(bytes("sev-snp/google-milan-v2.report.bin"));
        assertThat(r.version()).isEqualTo(2);
        assertThat(r.reportData()).isEqualTo(Arrays.copyOf(hex("0102030405"), 64));
        assertThat(hex(r.measurement())).isEqualTo(
                "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01");
        assertThat(hex(r.chipId())).isEqualTo("3ac3fe21e13fb0990eb28a802e3fb6a29483a6b0753590c951bdd3b8e53786184ca39e35"
                + "9669a2b76a1936776b564ea464cdce40c05f63c9b610c5068b006b5d");
        assertThat(hex(r.reportId())).startsWith("8edc638e");
        assertThat(r.reportedTcb()).isEqualTo(4901323769462652930L);
        assertThat(r.currentTcb()).isEqualTo(r.reportedTcb());
        assertThat(r.committedTcb()).isEqualTo(r.reportedTcb());
        assertThat(r.launchTcb()).isEqualTo(r.reportedTcb());
        assertThat(r.policy()).isEqualTo(0xB0000L);
        assertThat(r.debug()).isTrue();
        assertThat(r.vmpl()).isZero();
        assertThat(r.platformInfo()).isEqualTo(1);
        assertThat(r.currentFirmware()).startsWith("1.49.");
        assertThat(r.signingKey()).isEqualTo(SnpReport.SigningKey.VCEK);
        assertThat(r.idKeyDigest()).isEqualTo(new byte[48]);
        X509Certificate vcek = certificate("sev-snp/google-milan-v2.vcek.der");
        SnpVerifier v = verifier(AmdProduct.MILAN, "amd-milan.ask-ark.pem", GOOGLE_CLOCK);
        assertThat(failure(() -> v.verify(r, vcek, milanAsk())))
                .isEqualTo("SEV-SNP report: the guest policy allows debugging (bit 19) and debug is not allowed");
        v.allowingDebug().verify(r, vcek, milanAsk());
    }

    @Test
    void milanReports_fromHexAndWithIdBlock_verify() {
        SnpReport virtee = SnpReport.parse(bytes("sev-snp/virtee-milan-v2.report.hex"));
        assertThat(hex(virtee.measurement())).startsWith("7a1e5c266c0108db");
        assertThat(hex(virtee.reportData())).startsWith("d447b55d");
        assertThat(virtee.reportedTcb()).isEqualTo(0x7308000000000003L);
        assertThat(virtee.policy()).isEqualTo(0x30000L);
        assertThat(virtee.currentFirmware()).startsWith("1.52.");
        verifier(AmdProduct.MILAN, "amd-milan.ask-ark.pem", "2024-01-01T00:00:00Z")
                .verify(virtee, certificate("sev-snp/virtee-milan-v2.vcek.der"), milanAsk());

        SnpReport trustee = SnpReport.parse(bytes("sev-snp/trustee-milan-v2.report.bin"));
        assertThat(trustee.guestSvn()).isEqualTo(4);
        assertThat(trustee.policy()).isEqualTo(0x3001FL);
        assertThat(trustee.familyId()[0]).isEqualTo((byte) 1);
        assertThat(trustee.imageId()[0]).isEqualTo((byte) 2);
        assertThat(hex(trustee.idKeyDigest())).startsWith("03562158");
        assertThat(hex(trustee.measurement())).startsWith("a1f3930413247bb3");
        assertThat(trustee.currentTcb()).isNotEqualTo(trustee.reportedTcb());
        verifier(AmdProduct.MILAN, "amd-milan.ask-ark.pem", "2024-01-01T00:00:00Z")
                .verify(trustee, certificate("sev-snp/trustee-milan-v2.vcek.der"), milanAsk());
    }

    @Test
    void vlekReport_verifiesThroughTheAsvk_andExpiresWithTheVlek() {
        SnpReport r = SnpReport.parse(bytes("sev-snp/trustee-milan-v3-vlek.report.bin"));
        assertThat(r.version()).isEqualTo(3);
        assertThat(r.signingKey()).isEqualTo(SnpReport.SigningKey.VLEK);
        assertThat(r.chipId()).isEqualTo(new byte[64]);
        assertThat(r.vmpl()).isEqualTo(1);
        assertThat(r.cpuidFamily()).isEqualTo(0x19);
        assertThat(r.cpuidModel()).isEqualTo(0x01);
        assertThat(r.reportedTcb()).isEqualTo(0xD918000000000004L);
        assertThat(hex(r.measurement())).startsWith("8922ebbdd00ec2c5");
        X509Certificate vlek = certificate("sev-snp/trustee-milan-v3-vlek.vlek.der");
        X509Certificate asvk = certificates("sev-snp/amd-milan.asvk-ark.pem").get(0);
        verifier(AmdProduct.MILAN, "amd-milan.asvk-ark.pem", "2025-06-01T00:00:00Z").verify(r, vlek, asvk);
        assertThat(failure(() -> verifier(AmdProduct.MILAN, "amd-milan.asvk-ark.pem", "2026-01-01T00:00:00Z")
                .verify(r, vlek, asvk))).isEqualTo("SEV-SNP report: SEV-VLEK certificate is not valid at "
                + "2026-01-01T00:00:00Z (valid from 2024-12-10T22:14:21Z to 2025-12-10T22:14:21Z)");
        assertThat(failure(() -> verifier(AmdProduct.MILAN, "amd-milan.asvk-ark.pem", "2025-06-01T00:00:00Z")
                .verify(r, vlek, milanAsk()))).isEqualTo(
                "SEV-SNP report: signed by a VLEK, so the intermediate must be 'SEV-VLEK-Milan', got 'SEV-Milan'");
    }

    @Test
    void genoaReport_verifiesAgainstTheGenoaArk() {
        SnpReport r = SnpReport.parse(bytes("sev-snp/trustee-genoa-v3-azure.report.bin"));
        assertThat(r.cpuidFamily()).isEqualTo(0x19);
        assertThat(r.cpuidModel()).isEqualTo(0x11);
        assertThat(r.reportedTcb()).isEqualTo(0x541700000000000AL);
        assertThat(hex(r.measurement())).startsWith("f57dc09a");
        assertThat(hex(r.reportData())).startsWith("b581f12e");
        X509Certificate vcek = certificate("sev-snp/trustee-genoa-v3-azure.vcek.pem");
        X509Certificate ask = certificates("sev-snp/amd-genoa.ask-ark.pem").get(0);
        verifier(AmdProduct.GENOA, "amd-genoa.ask-ark.pem", "2026-01-01T00:00:00Z").verify(r, vcek, ask);
        // the same evidence against the Milan hierarchy: the Genoa VCEK names another issuer
        assertThat(failure(() -> verifier(AmdProduct.MILAN, "amd-milan.ask-ark.pem", "2026-01-01T00:00:00Z")
                .verify(r, vcek, milanAsk()))).startsWith("SEV-SNP report: SEV-VCEK certificate names issuer '")
                .contains("CN=SEV-Genoa");
    }

    @Test
    void gcpV5Reports_verify_andBindTheX25519Key() throws Exception {
        SnpVerifier v = verifier(AmdProduct.MILAN, "amd-milan.ask-ark.pem", "2026-06-01T00:00:00Z");
        SnpReport r = SnpReport.parse(bytes("sev-snp/teekit-gcp-milan-v5.report.bin"));
        assertThat(r.version()).isEqualTo(5);
        assertThat(r.vmpl()).isEqualTo(1);
        assertThat(r.debug()).isFalse();
        assertThat(r.reportedTcb()).isEqualTo(0xDE1B000000000004L);
        assertThat(r.currentFirmware()).startsWith("1.55.");
        assertThat(r.launchMitigationVector()).isEqualTo(0xB);
        assertThat(r.currentMitigationVector()).isEqualTo(0xB);
        assertThat(hex(r.measurement())).isEqualTo(
                "b747d55452e0b9e9079770a49e397c5e6d9573581e246da7baac4f28b5cdc5b1b6d19251b8ee600fd16a3708f58406f3");
        assertThat(hex(r.reportData())).isEqualTo("32fc4f6c1971cbf91566231f8d6153eeb9d093aa94306cb48d39bcc4861a3d39"
                + "5f149876a37bc91332fe493f46294fd135d5b95d363ae96352b8c45f906079f5");
        X509Certificate vcek = certificate("sev-snp/teekit-gcp-milan-v5.vcek.pem");
        v.verify(r, vcek, milanAsk());

        SnpReport zero = SnpReport.parse(bytes("sev-snp/teekit-gcp-milan-v5-zero-reportdata.report.bin"));
        assertThat(zero.reportData()).isEqualTo(new byte[64]);
        assertThat(zero.vmpl()).isZero();
        v.verify(zero, vcek, milanAsk());

        SnpReport bound = SnpReport.parse(bytes("sev-snp/teekit-gcp-milan-v5-x25519.report.bin"));
        byte[] expected = MessageDigest.getInstance("SHA-512").digest(concat(
                hex("df82306ff38a9da023854af947d02a878cfab1b40a793823ff41dc51213b96aa"),
                hex("03a8107030fabeac06b0df4ef865763918b5e2a9fa030e20025a4315dab4b2a6")));
        assertThat(bound.reportData()).isEqualTo(expected);
        v.verify(bound, certificate("sev-snp/teekit-gcp-milan-v5-x25519.vcek.pem"), milanAsk());
        v.verify(bound, vcek, milanAsk()); // a second VCEK for the same chip and TCB
    }

    @Test
    void turinVcekChain_verifiesAgainstTheTurinArk() {
        List<X509Certificate> turin = certificates("sev-snp/amd-turin.ask-ark.pem");
        SnpVerifier v = SnpVerifier.pinnedTo(AmdProduct.TURIN, turin.get(1), at("2026-01-01T00:00:00Z"));
        X509Certificate vcek = certificate("sev-snp/virtee-turin.vcek.der");
        assertThat(v.verifyChain(vcek, turin.get(0), SnpReport.SigningKey.VCEK).getParams().getCurve().getField()
                .getFieldSize()).isEqualTo(384);
        assertThat(failure(() -> v.verifyChain(vcek, milanAsk(), SnpReport.SigningKey.VCEK)))
                .isEqualTo("SEV-SNP report: signed by a VCEK, so the intermediate must be 'SEV-Turin', got 'SEV-Milan'");
    }

    @Test
    void snpTampering_isRejectedWithItsOwnReason() throws Exception {
        byte[] good = bytes("sev-snp/trustee-milan-v2.report.bin");
        X509Certificate vcek = certificate("sev-snp/trustee-milan-v2.vcek.der");
        SnpVerifier v = verifier(AmdProduct.MILAN, "amd-milan.ask-ark.pem", "2024-01-01T00:00:00Z");
        String badSignature = "SEV-SNP report: signature does not verify with the SEV-VCEK key";
        assertThat(failure(() -> v.verify(SnpReport.parse(plusOne(good, 42)), vcek, milanAsk())))
                .as("report byte 42 + 1 (trustee)").isEqualTo(badSignature);
        assertThat(failure(() -> v.verify(SnpReport.parse(plusOne(good, 384)), vcek, milanAsk())))
                .as("reported_tcb + 1").isEqualTo(badSignature);
        assertThat(failure(() -> v.verify(SnpReport.parse(flip(good, 0x90)), vcek, milanAsk())))
                .as("measurement").isEqualTo(badSignature);
        assertThat(failure(() -> v.verify(SnpReport.parse(flip(good, 0x50)), vcek, milanAsk())))
                .as("report data").isEqualTo(badSignature);
        assertThat(failure(() -> v.verify(SnpReport.parse(flip(good, 0x2A0 + 3)), vcek, milanAsk())))
                .as("signature r").isEqualTo(badSignature);
        assertThat(failure(() -> v.verify(SnpReport.parse(flip(good, 0x2E8 + 40)), vcek, milanAsk())))
                .as("signature s").isEqualTo(badSignature);
        // virtee's check: bit 0x80 of byte 21 (the policy)
        byte[] virtee = bytes("sev-snp/virtee-milan-v2.report.hex");
        virtee[21] ^= (byte) 0x80;
        assertThat(failure(() -> v.verify(SnpReport.parse(virtee), certificate("sev-snp/virtee-milan-v2.vcek.der"),
                milanAsk()))).isEqualTo(badSignature);
        // a genuine VCEK of another chip
        assertThat(failure(() -> v.verify(SnpReport.parse(good), certificate("sev-snp/virtee-milan-v2.vcek.der"),
                milanAsk()))).isEqualTo(badSignature);
    }

    @Test
    void tamperedCertificates_areRejected() throws Exception {
        SnpReport r = SnpReport.parse(bytes("sev-snp/trustee-milan-v2.report.bin"));
        byte[] vcekDer = bytes("sev-snp/trustee-milan-v2.vcek.der");
        SnpVerifier v = verifier(AmdProduct.MILAN, "amd-milan.ask-ark.pem", "2024-01-01T00:00:00Z");
        // trustee's check, VCEK byte 42 + 1, lands in the signature algorithm: the JDK's parser refuses it
        assertThatThrownBy(() -> parseCertificate(plusOne(vcekDer, 42)))
                .isInstanceOf(java.security.cert.CertificateException.class).hasMessage("Signature algorithm mismatch");
        // a byte of the certified chip id (hwID extension, inside the signed part)
        int hwIdAt = indexOf(vcekDer, Arrays.copyOf(r.chipId(), 16));
        assertThat(hwIdAt).isPositive();
        X509Certificate otherChip = parseCertificate(flip(vcekDer, hwIdAt + 5));
        assertThat(failure(() -> v.verify(r, otherChip, milanAsk()))).isEqualTo(
                "SEV-SNP report: SEV-VCEK certificate signature does not verify with the key of 'SEV-Milan'");
        // the last byte of the VCEK's signature
        X509Certificate badSignature = parseCertificate(flip(vcekDer, vcekDer.length - 1));
        assertThat(failure(() -> v.verify(r, badSignature, milanAsk()))).isEqualTo(
                "SEV-SNP report: SEV-VCEK certificate signature does not verify with the key of 'SEV-Milan'");
        // virtee's check: XOR 0xFF into byte 40 of its VCEK lands in the signature algorithm; the JDK's
        // certificate parser already refuses it, so it never reaches the verifier
        byte[] virteeDer = bytes("sev-snp/virtee-milan-v2.vcek.der");
        virteeDer[40] ^= (byte) 0xFF;
        assertThatThrownBy(() -> parseCertificate(virteeDer)).isInstanceOf(java.security.cert.CertificateException.class)
                .hasMessage("Signature algorithm mismatch");
        // the last byte of the ASK's signature
        byte[] askDer = milanAsk().getEncoded();
        askDer[askDer.length - 1] ^= 0x01;
        X509Certificate ask = parseCertificate(askDer);
        assertThat(failure(() -> v.verify(r, certificate("sev-snp/trustee-milan-v2.vcek.der"), ask)))
                .isEqualTo("SEV-SNP report: SEV-Milan certificate signature does not verify with the key of 'ARK-Milan'");
    }

    @Test
    void arkOfAnotherProduct_isRefusedAsTrustAnchor() {
        X509Certificate genoaArk = certificates("sev-snp/amd-genoa.ask-ark.pem").get(1);
        assertThat(failure(() -> SnpVerifier.pinnedTo(AmdProduct.MILAN, genoaArk, at(GOOGLE_CLOCK)))).isEqualTo(
                "SEV-SNP trust anchor: certificate '" + genoaArk.getSubjectX500Principal() + "' (sha256 "
                        + AmdProduct.GENOA.arkSha256() + ") is not the pinned ARK-Milan (sha256 "
                        + AmdProduct.MILAN.arkSha256() + ")");
    }

    @Test
    void malformedReports_nameFieldAndOffset() {
        byte[] good = bytes("sev-snp/trustee-milan-v2.report.bin");
        assertThatThrownBy(() -> SnpReport.parse(Arrays.copyOf(good, 1183))).isInstanceOf(EvidenceFormatException.class)
                .hasMessage("SEV-SNP report: field 'report' at offset 0: is 1183 bytes, expected 1184");
        byte[] version = good.clone();
        version[0] = 1;
        assertThatThrownBy(() -> SnpReport.parse(version))
                .hasMessage("SEV-SNP report: field 'version' at offset 0: found 1, expected 2 to 5");
        byte[] algo = good.clone();
        algo[0x34] = 2;
        assertThatThrownBy(() -> SnpReport.parse(algo))
                .hasMessage("SEV-SNP report: field 'signature_algo' at offset 52: found 2, expected 1 (ECDSA P-384 with SHA-384)");
        byte[] policy = good.clone();
        policy[0x0A] &= ~0x02;
        assertThatThrownBy(() -> SnpReport.parse(policy))
                .hasMessage("SEV-SNP report: field 'policy' at offset 8: bit 17 (reserved, must be one) is zero");
        byte[] key = good.clone();
        key[0x48] = 0x08;
        assertThatThrownBy(() -> SnpReport.parse(key))
                .hasMessage("SEV-SNP report: field 'signing_key' at offset 72: found 2, expected 0 (VCEK), 1 (VLEK) or 7 (none)");
        byte[] highR = good.clone();
        highR[0x2A0 + 60] = 1;
        assertThatThrownBy(() -> SnpReport.parse(highR))
                .hasMessage("SEV-SNP report: field 'signature.r' at offset 720: bytes 48-71 are not zero");
    }

    private static byte[] plusOne(byte[] in, int offset) {
        byte[] out = in.clone();
        out[offset]++;
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static X509Certificate parseCertificate(byte[] der) throws Exception {
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }
}
