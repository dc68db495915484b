package io.coalition.trust.attestation.hw;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.coalition.trust.TrustException;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets for the Intel collateral parsers (PCS bodies of TCB Info and QE Identity): on any input they return
 * a parsed object whose signed text is a byte range of the input, or throw {@link TrustException}; anything else
 * escaping (Jackson's own exceptions, NullPointerException, ...) is a finding. Regression inputs in
 * {@code src/test/resources/.../CollateralFuzzTestInputs/<method>/} are own JSON, not Intel's.
 */
class CollateralFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void tcbInfo(byte[] input) {
        TcbInfo t;
        try {
            t = TcbInfo.parse(SignedJson.ofPcsBody("TCB Info", "fuzz", input, "tcbInfo"));
        } catch (TrustException expected) {
            return;
        }
        assertThat(new String(input, StandardCharsets.UTF_8)).contains(new String(t.signed().text(), StandardCharsets.UTF_8));
        assertThat(t.fmspc()).hasSize(12);
        assertThat(t.levels()).isNotEmpty().allSatisfy(l -> assertThat(l.sgx()).hasSize(16));
    }

    @FuzzTest(maxDuration = "2m")
    void qeIdentity(byte[] input) {
        QeIdentity q;
        try {
            q = QeIdentity.parse(SignedJson.ofPcsBody("QE Identity", "fuzz", input, "enclaveIdentity"));
        } catch (TrustException expected) {
            return;
        }
        assertThat(new String(input, StandardCharsets.UTF_8)).contains(new String(q.signed().text(), StandardCharsets.UTF_8));
        assertThat(q.mrSigner()).hasSize(32);
        assertThat(q.levels()).isNotEmpty();
    }
}
