package io.coalition.trust.attestation.hw;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets for the three hardware evidence parsers: on any input they return a value whose accessors all
 * work, or throw {@link EvidenceFormatException}; anything else escaping is a finding. In the normal build
 * they run in regression mode over {@code src/test/resources/.../HwEvidenceFuzzTestInputs/<method>/};
 * see coalition-trust/README.md for the fuzzing command.
 */
class HwEvidenceFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void sgxQuote(byte[] input) {
        SgxQuote q;
        try {
            q = SgxQuote.parse(input);
        } catch (EvidenceFormatException expected) {
            return;
        }
        assertThat(q.measurement()).hasSize(32);
        assertThat(q.signer()).hasSize(32);
        assertThat(q.reportData()).hasSize(64);
        assertThat(q.cpuSvn()).hasSize(16);
        assertThat(q.signedBytes()).hasSize(432);
        assertThat(q.encoded().length + q.trailingBytes()).isEqualTo(input.length);
        assertThat(q.debug()).isEqualTo((q.attributesFlags() & 2) != 0);
        q.pckChain().forEach(c -> assertThat(c.getSubjectX500Principal()).isNotNull());
        pckExtension(q::pckExtension);
        // what parses once parses again, to the same quote
        assertThat(SgxQuote.parse(q.encoded()).encoded()).isEqualTo(q.encoded());
    }

    @FuzzTest(maxDuration = "2m")
    void tdxQuote(byte[] input) {
        TdxQuote q;
        try {
            q = TdxQuote.parse(input);
        } catch (EvidenceFormatException expected) {
            return;
        }
        assertThat(q.measurement()).hasSize(48);
        assertThat(q.reportData()).hasSize(64);
        for (int i = 0; i < 4; i++) assertThat(q.rtmr(i)).hasSize(48);
        assertThat(q.mrServiceTd()).hasSize(48);
        assertThat(q.signedBytes()).hasSize(q.version() == 4 ? 632 : q.bodyType() == 2 ? 638 : 702);
        assertThat(q.encoded().length + q.trailingBytes()).isEqualTo(input.length);
        assertThat(TdxQuote.parse(q.encoded()).encoded()).isEqualTo(q.encoded());
        pckExtension(q::pckExtension);
    }

    /** The PCK certificate's SGX extension: a value or a TrustException. */
    private static void pckExtension(java.util.function.Supplier<PckExtension> read) {
        try {
            assertThat(read.get().fmspc()).hasSize(6);
        } catch (io.coalition.trust.TrustException expected) {
            // no chain, or no or a malformed SGX extension
        }
    }

    @FuzzTest(maxDuration = "2m")
    void snpReport(byte[] input) {
        SnpReport r;
        try {
            r = SnpReport.parse(input);
        } catch (EvidenceFormatException expected) {
            return;
        }
        assertThat(r.measurement()).hasSize(48);
        assertThat(r.reportData()).hasSize(64);
        assertThat(r.chipId()).hasSize(64);
        assertThat(r.signedBytes()).hasSize(0x2A0);
        assertThat(r.signatureP1363()).hasSize(96);
        assertThat(r.vmpl()).isBetween(0, 3);
        assertThat(r.currentFirmware()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(r.encoded()).isEqualTo(input);
    }
}
