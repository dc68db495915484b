package io.coalition.trust.attestation;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.coalition.trust.TrustException;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets for the attestation framework's own parsers: the canonical evidence encoding (carried in the
 * attested-TLS extension) and the simulated-evidence layout. On any input they return a value or throw a
 * {@link TrustException}; anything else escaping is a finding. Regression inputs live in
 * {@code src/test/resources/.../AttestationFuzzTestInputs/<method>/}.
 */
class AttestationFuzzTest {
    private static final SimulatedEvidenceVerifier SIM = new SimulatedEvidenceVerifier(List.of(key().getPublic()));

    private static KeyPair key() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void evidenceDecode(byte[] input) {
        Evidence e;
        try {
            e = Evidence.decode(input);
        } catch (TrustException expected) {
            return;
        }
        // the encoding is canonical: what decodes re-encodes to the same bytes
        assertThat(e.encode()).isEqualTo(input);
    }

    @FuzzTest(maxDuration = "2m")
    void simulatedEvidence(byte[] input) {
        if (input.length == 0) return;
        try {
            SIM.appraise(new Evidence(Evidence.SIMULATED, input));
        } catch (AttestationException expected) {
            assertThat(expected.check()).isEqualTo(AttestationException.Check.EVIDENCE);
            return;
        }
        throw new AssertionError("random bytes verified as signed simulated evidence");
    }
}
