package io.coalition.trust.attestation.hw;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import static io.coalition.trust.attestation.hw.Samples.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SGX v3 and TDX v4/v5 quotes recorded on real hardware (../shared/data/attestation, read in place). */
class DcapQuoteTest {
    static final String PHALA_SGX_CLOCK = "2025-07-19T10:01:17Z";
    static final String AUTOMATA_CLOCK = "2025-02-13T04:00:32Z";
    static final String GOOGLE_TDX_CLOCK = "2023-07-01T01:00:00Z";

    // ---- SGX v3 ----

    @Test
    void phalaSgxQuote_parsesAndVerifies() {
        SgxQuote q = SgxQuote.parse(bytes("sgx/phala-sgx-v3.quote.bin"));
        assertThat(q.version()).isEqualTo(3);
        assertThat(hex(q.measurement())).isEqualTo("33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
        assertThat(hex(q.signer())).startsWith("815f42f1");
        byte[] expectedData = Arrays.copyOf("Hello, world!".getBytes(StandardCharsets.US_ASCII), 64);
        assertThat(q.reportData()).isEqualTo(expectedData);
        assertThat(q.debug()).isFalse();
        assertThat(q.pceSvn()).isEqualTo(15);
        assertThat(q.qeSvn()).isEqualTo(10);
        // raw CPUSVN; the PCK certificate's TCB components (11,11,2,2,...) are a derived view of it
        assertThat(q.cpuSvn()).startsWith(11, 11, 26, 24, (byte) 255, (byte) 255, 4, 0);
        assertThat(q.certificationDataType()).isEqualTo(5);
        assertThat(q.pckChain()).hasSize(3);
        assertThat(q.pckChain().get(1).getSubjectX500Principal().getName()).contains("CN=Intel SGX PCK Processor CA");
        assertThat(q.trailingBytes()).isZero();
        assertThat(q.signedBytes()).hasSize(432);
        dcap(PHALA_SGX_CLOCK).verify(q);
    }

    @Test
    void automataSgxQuote_parsesAndVerifies() {
        SgxQuote q = SgxQuote.parse(bytes("sgx/automata-sgx-v3.quote.bin"));
        assertThat(hex(q.measurement())).isEqualTo("a4f45c39dac622cb1dd32ddb35a52ec92db41d0fa88a1c911c49e59c534f61cd");
        assertThat(hex(q.signer())).startsWith("1bda23eb");
        assertThat(q.reportData()).isEqualTo(new byte[64]);
        assertThat(q.pckChain().get(1).getSubjectX500Principal().getName()).contains("CN=Intel SGX PCK Platform CA");
        dcap(AUTOMATA_CLOCK).verify(q);
    }

    @Test
    void debugEnclave_isRejectedUnlessDebugIsAllowed() {
        SgxQuote q = SgxQuote.parse(bytes("sgx/occlum-sgx-v3-debug.quote.bin"));
        assertThat(q.debug()).isTrue();
        assertThat(hex(q.measurement())).isEqualTo("8f173e4613ff05c52aaf04162d234edae8c9977eae47eb2299ae16a553011c68");
        assertThat(new String(q.reportData(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("test");
        assertThat(failure(() -> dcap(AUTOMATA_CLOCK).verify(q)))
                .isEqualTo("SGX quote: the enclave is a debug enclave (ATTRIBUTES.DEBUG set) and debug is not allowed");
        dcap(AUTOMATA_CLOCK).allowingDebug().verify(q);
    }

    @Test
    void sgxTampering_isRejectedWithItsOwnReason() {
        byte[] good = bytes("sgx/phala-sgx-v3.quote.bin");
        DcapVerifier v = dcap(PHALA_SGX_CLOCK);
        int sig = 436;
        assertThat(failure(() -> v.verify(SgxQuote.parse(flip(good, 48 + 64)))))
                .as("MRENCLAVE byte").isEqualTo("SGX quote: quote signature does not verify with the attestation key");
        assertThat(failure(() -> v.verify(SgxQuote.parse(flip(good, 10)))))
                .as("header byte").isEqualTo("SGX quote: quote signature does not verify with the attestation key");
        assertThat(failure(() -> v.verify(SgxQuote.parse(flip(good, sig + 5)))))
                .as("quote signature byte").isEqualTo("SGX quote: quote signature does not verify with the attestation key");
        assertThat(failure(() -> v.verify(SgxQuote.parse(flip(good, sig + 64 + 7)))))
                .as("attestation key byte").startsWith("SGX quote: attestation key is not bound to the QE report");
        assertThat(failure(() -> v.verify(SgxQuote.parse(flip(good, sig + 128 + 100)))))
                .as("QE report byte").isEqualTo("SGX quote: QE report signature does not verify with the PCK certificate's key");
        assertThat(failure(() -> v.verify(SgxQuote.parse(flip(good, sig + 128 + 384 + 9)))))
                .as("QE report signature byte").isEqualTo("SGX quote: QE report signature does not verify with the PCK certificate's key");
        assertThat(failure(() -> v.verify(SgxQuote.parse(flip(good, sig + 128 + 384 + 64 + 2 + 3)))))
                .as("QE auth data byte").startsWith("SGX quote: attestation key is not bound to the QE report");
    }

    // ---- TDX ----

    @Test
    void phalaTdxV4Quote_parsesAndVerifies() {
        TdxQuote q = TdxQuote.parse(bytes("tdx/phala-tdx-v4.quote.bin"));
        assertThat(q.version()).isEqualTo(4);
        assertThat(q.bodyType()).isEqualTo(2);
        assertThat(hex(q.measurement())).isEqualTo(
                "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b2538873118b7");
        assertThat(hex(q.reportData())).startsWith("9a9d48e7");
        assertThat(q.trailingBytes()).isEqualTo(70);
        assertThat(q.signedBytes()).hasSize(632);
        assertThat(q.rtmr(0)).isNotEqualTo(new byte[48]);
        assertThat(q.rtmr(3)).isEqualTo(new byte[48]);
        assertThat(q.teeTcbSvn()).startsWith(6, 1, 3);
        assertThat(q.debug()).isFalse();
        dcap("2025-07-19T10:00:34Z").verify(q);
    }

    @Test
    void googleTdxQuote_withExtraBytes_parsesAndVerifies() {
        TdxQuote q = TdxQuote.parse(bytes("tdx/google-tdx-v4-spr.quote.bin"));
        assertThat(q.trailingBytes()).isEqualTo(39);
        assertThat(hex(q.measurement())).isEqualTo(
                "6363b8043668a3ad953278e10389574d326c6749fb78aa810ecd9336923db86f22fc00b8dcd404bc10d5e119d7215cbb");
        assertThat(hex(q.reportData())).startsWith("6c62dec1");
        assertThat(q.pckChain().get(0).getNotAfter()).isEqualTo(date("2029-09-20T13:20:31Z"));
        dcap(GOOGLE_TDX_CLOCK).verify(q);
    }

    @Test
    void paddedAndHexTdxQuotes_parseAndVerify() {
        TdxQuote automata = TdxQuote.parse(bytes("tdx/automata-tdx-v4.quote.bin"));
        assertThat(automata.trailingBytes()).isEqualTo(3065);
        assertThat(hex(automata.measurement())).startsWith("935be7742dd89c6a");
        assertThat(automata.reportData()).isEqualTo(new byte[64]);
        dcap(AUTOMATA_CLOCK).verify(automata);

        TdxQuote near = TdxQuote.parse(bytes("tdx/phala-near-tdx-v4.quote.hex"));
        assertThat(near.encoded()).hasSize(5006 - 70);
        assertThat(hex(near.measurement())).startsWith("f06dfda6");
        assertThat(hex(near.mrConfigId())).startsWith("0112a20a");
        assertThat(hex(near.rtmr(3))).startsWith("287a9242");
        dcap("2025-09-10T00:00:00Z").verify(near);

        TdxQuote emr = TdxQuote.parse(bytes("tdx/trustee-tdx-v4-emr.quote.bin"));
        assertThat(hex(emr.mrConfigId())).startsWith("889abf47");
        dcap("2025-11-01T00:00:00Z").verify(emr);
    }

    @Test
    void tdxV5Quotes_parseAndVerify() {
        TdxQuote phala = TdxQuote.parse(bytes("tdx/phala-tdx-v5-outdated.quote.bin"));
        assertThat(phala.version()).isEqualTo(5);
        assertThat(phala.bodyType()).isEqualTo(3);
        assertThat(phala.signedBytes()).hasSize(48 + 6 + 648);
        assertThat(hex(phala.measurement())).startsWith("273828c46252fcbd");
        assertThat(phala.teeTcbSvn2()).startsWith(0x0d, 1, 3);
        assertThat(phala.mrServiceTd()).isEqualTo(new byte[48]);
        dcap("2026-03-20T10:41:14Z").verify(phala);

        TdxQuote google = TdxQuote.parse(bytes("tdx/google-tdx-v5.quote.bin"));
        assertThat(hex(google.measurement())).startsWith("7348651a34b2d2d3");
        assertThat(hex(google.reportData())).startsWith("945eaacf");
        dcap("2026-02-03T01:00:00Z").verify(google);

        TdxQuote serviceTd = TdxQuote.parse(bytes("tdx/trustee-tdx-v5-servicetd.quote.bin"));
        assertThat(hex(serviceTd.mrServiceTd())).isEqualTo(
                "383c87d3bbb047b2d171eaca95312ede99f258088dc788f6ae2ccf8b6dd848fe8d47629e08b3f6cbd4a00dd47a5a033d");
        dcap("2026-03-20T10:41:14Z").verify(serviceTd);
    }

    @Test
    void debugTd_isRejectedUnlessDebugIsAllowed() {
        TdxQuote q = TdxQuote.parse(bytes("tdx/trustee-tdx-v4-debug.quote.bin"));
        assertThat(q.debug()).isTrue();
        assertThat(hex(q.measurement())).startsWith("705ee938");
        assertThat(failure(() -> dcap(GOOGLE_TDX_CLOCK).verify(q)))
                .isEqualTo("TDX quote: the TD is a debug TD (TD_ATTRIBUTES.DEBUG set) and debug is not allowed");
        dcap(GOOGLE_TDX_CLOCK).allowingDebug().verify(q);
    }

    /** The byte flips go-tdx-guest checks against the same quote (table in the data folder's README). */
    @Test
    void googleTdxByteFlips_areRejectedWithTheirOwnReason() {
        byte[] good = bytes("tdx/google-tdx-v4-spr.quote.bin");
        DcapVerifier v = dcap(GOOGLE_TDX_CLOCK);
        byte[] version = good.clone();
        version[0] = 3;
        assertThatThrownBy(() -> TdxQuote.parse(version)).isInstanceOf(EvidenceFormatException.class)
                .hasMessage("TDX quote: field 'version' at offset 0: found 3, expected 4 or 5");
        byte[] size = good.clone();
        size[0x278] = 0x10;
        assertThatThrownBy(() -> TdxQuote.parse(size)).isInstanceOf(EvidenceFormatException.class)
                .hasMessage("TDX quote: field 'certification_data_size' at offset 766: declares 4165 bytes, only 3978 follow");
        assertThat(failure(() -> v.verify(TdxQuote.parse(set(good, 0x1E)))))
                .isEqualTo("TDX quote: quote signature does not verify with the attestation key");
        assertThat(failure(() -> v.verify(TdxQuote.parse(set(good, 0x3C)))))
                .isEqualTo("TDX quote: quote signature does not verify with the attestation key");
        assertThat(failure(() -> v.verify(TdxQuote.parse(set(good, 0xB77)))))
                .isEqualTo("TDX quote: PCK certificate 'Intel SGX PCK Certificate' signature does not verify with the key of 'Intel SGX PCK Platform CA'");
        assertThat(failure(() -> v.verify(TdxQuote.parse(set(good, 0xF5F)))))
                .isEqualTo("TDX quote: PCK CA certificate 'Intel SGX PCK Platform CA' signature does not verify with the key of 'Intel SGX Root CA'");
        assertThat(failure(() -> v.verify(TdxQuote.parse(set(good, 0x1329)))))
                .startsWith("TDX quote: PCK certificate chain ends in "
                        + "'C=US, ST=CA, L=Santa Clara, O=Intel Corporation, CN=Intel SGX Root CA' (sha256 ")
                .endsWith("), not the pinned Intel SGX Root CA");
        assertThatThrownBy(() -> TdxQuote.parse(set(good, 0x1343))).isInstanceOf(EvidenceFormatException.class)
                .hasMessage("TDX quote: field 'certification_data (PEM)' at offset 3987: certificate 3 has no '-----END CERTIFICATE-----'");
    }

    @Test
    void tdxTampering_isRejectedWithItsOwnReason() {
        byte[] good = bytes("tdx/google-tdx-v4-spr.quote.bin");
        DcapVerifier v = dcap(GOOGLE_TDX_CLOCK);
        int qe = 636 + 128 + 6;
        assertThat(failure(() -> v.verify(TdxQuote.parse(flip(good, 636 + 1)))))
                .isEqualTo("TDX quote: quote signature does not verify with the attestation key");
        assertThat(failure(() -> v.verify(TdxQuote.parse(flip(good, 48 + 136)))))
                .as("MRTD byte").isEqualTo("TDX quote: quote signature does not verify with the attestation key");
        assertThat(failure(() -> v.verify(TdxQuote.parse(flip(good, 48 + 520)))))
                .as("report data byte").isEqualTo("TDX quote: quote signature does not verify with the attestation key");
        assertThat(failure(() -> v.verify(TdxQuote.parse(flip(good, 636 + 64 + 3)))))
                .startsWith("TDX quote: attestation key is not bound to the QE report");
        assertThat(failure(() -> v.verify(TdxQuote.parse(flip(good, qe + 64)))))
                .isEqualTo("TDX quote: QE report signature does not verify with the PCK certificate's key");
        assertThat(failure(() -> v.verify(TdxQuote.parse(flip(good, qe + 384 + 1)))))
                .isEqualTo("TDX quote: QE report signature does not verify with the PCK certificate's key");
        assertThat(failure(() -> v.verify(TdxQuote.parse(flip(good, qe + 384 + 64 + 2)))))
                .startsWith("TDX quote: attestation key is not bound to the QE report");
    }

    @Test
    void chainEndingInAnImpostorRoot_isRejected() {
        byte[] good = bytes("tdx/google-tdx-v4-spr.quote.bin");
        List<X509Certificate> chain = TdxQuote.parse(good).pckChain();
        X509Certificate impostor = impostor(chain.get(2));
        byte[] forged = withPemChain(good, pem(List.of(chain.get(0), chain.get(1), impostor)));
        TdxQuote q = TdxQuote.parse(forged);
        assertThat(q.pckChain().get(2).getSubjectX500Principal()).isEqualTo(chain.get(2).getSubjectX500Principal());
        assertThat(failure(() -> dcap(GOOGLE_TDX_CLOCK).verify(q))).isEqualTo(
                "TDX quote: PCK certificate chain ends in '" + impostor.getSubjectX500Principal() + "' (sha256 "
                        + Crypto.fingerprint(impostor) + "), not the pinned Intel SGX Root CA");
        // the splice itself keeps a genuine chain valid
        dcap(GOOGLE_TDX_CLOCK).verify(TdxQuote.parse(withPemChain(good, pem(chain))));
    }

    @Test
    void trustAnchorOtherThanIntelRoot_isRefused() {
        X509Certificate ark = certificates("sev-snp/amd-milan.ask-ark.pem").get(1);
        assertThat(failure(() -> DcapVerifier.pinnedTo(ark, at(GOOGLE_TDX_CLOCK)))).isEqualTo(
                "DCAP trust anchor: certificate '" + ark.getSubjectX500Principal() + "' (sha256 "
                        + Crypto.fingerprint(ark) + ") is not the pinned Intel SGX Root CA (sha256 "
                        + DcapVerifier.INTEL_SGX_ROOT_CA_SHA256 + ")");
    }

    @Test
    void expiredPckCertificate_isRejected() {
        TdxQuote q = TdxQuote.parse(bytes("tdx/google-tdx-v4-spr.quote.bin"));
        assertThat(failure(() -> dcap("2030-01-01T00:00:00Z").verify(q))).isEqualTo(
                "TDX quote: PCK certificate 'Intel SGX PCK Certificate' is not valid at 2030-01-01T00:00:00Z "
                        + "(valid from 2022-09-20T13:20:31Z to 2029-09-20T13:20:31Z)");
    }

    @Test
    void sgxQuoteGivenToTdxParser_isRefusedByTeeType() {
        assertThatThrownBy(() -> TdxQuote.parse(bytes("sgx/phala-sgx-v3.quote.bin")))
                .isInstanceOf(EvidenceFormatException.class)
                .hasMessage("TDX quote: field 'version' at offset 0: found 3, expected 4 or 5");
        assertThatThrownBy(() -> SgxQuote.parse(bytes("tdx/phala-tdx-v4.quote.bin")))
                .isInstanceOf(EvidenceFormatException.class)
                .hasMessage("SGX quote v3: field 'version' at offset 0: found 4, expected 3");
    }

    @Test
    void pckExtensions_giveFmspcPceSvnAndTcbComponents() {
        PckExtension phala = SgxQuote.parse(bytes("sgx/phala-sgx-v3.quote.bin")).pckExtension();
        assertThat(hex(phala.fmspc())).isEqualTo("00a067110000");
        assertThat(phala.pceSvn()).isEqualTo(13);
        assertThat(phala.tcbComponents()).startsWith(11, 11, 2, 2, 255, 1, 0);
        PckExtension automata = SgxQuote.parse(bytes("sgx/automata-sgx-v3.quote.bin")).pckExtension();
        assertThat(hex(automata.fmspc())).isEqualTo("00606a000000");
        assertThat(automata.pceSvn()).isEqualTo(13);
        assertThat(automata.tcbComponents()).startsWith(12, 12, 3, 3, 255, 255, 1, 0);
        PckExtension occlum = SgxQuote.parse(bytes("sgx/occlum-sgx-v3-debug.quote.bin")).pckExtension();
        assertThat(hex(occlum.fmspc())).isEqualTo("00606a000000");
        assertThat(occlum.pceSvn()).isEqualTo(11);
        assertThat(occlum.tcbComponents()).startsWith(4, 4, 3, 3, 255, 255, 0);
        PckExtension google = TdxQuote.parse(bytes("tdx/google-tdx-v4-spr.quote.bin")).pckExtension();
        assertThat(hex(google.ppid())).isEqualTo("089ddfdb9c0359c82a3bc7719239574e");
        assertThat(hex(google.pceId())).isEqualTo("0000");
        assertThat(google.pceSvn()).isEqualTo(11);
        assertThat(hex(google.cpuSvn())).isEqualTo("03030202020100020000000000000000");
        assertThat(hex(google.fmspc())).isEqualTo("50806f000000");
        PckExtension emr = TdxQuote.parse(bytes("tdx/trustee-tdx-v4-emr.quote.bin")).pckExtension();
        assertThat(hex(emr.fmspc())).isEqualTo("00a06d080000");
        assertThat(emr.sgxType()).isEqualTo(2);
        assertThat(emr.pceSvn()).isEqualTo(11);
        assertThat(hex(TdxQuote.parse(bytes("tdx/phala-tdx-v4.quote.bin")).pckExtension().fmspc())).isEqualTo("b0c06f000000");
        assertThat(hex(TdxQuote.parse(bytes("tdx/phala-tdx-v5-outdated.quote.bin")).pckExtension().fmspc()))
                .isEqualTo("90c06f000000");
    }

    private static byte[] set(byte[] in, int offset) {
        byte[] out = in.clone();
        out[offset] = 0x32;
        return out;
    }
}
