package io.coalition.trust.attestation;

import io.coalition.trust.TrustException;

/**
 * An attestation check failed. {@link #check()} names the step that failed, so a relying party (and a test)
 * can tell a forged quote from a stale nonce or a wrong measurement; the message says what was found and what
 * was expected. Verification stops at the first failed step (fail closed).
 */
public final class AttestationException extends TrustException {
    private static final long serialVersionUID = 1L;

    /** The verification steps, in the order they run. */
    public enum Check {
        /** Attested TLS only: the certificate chain to the participant CA. */
        CERTIFICATE_CHAIN,
        /** The evidence is well-formed, signed by a trusted platform, and of an accepted kind (not simulated unless allowed). */
        EVIDENCE,
        /** Hardware evidence with platform collateral: the TCB status (Intel TCB Info, QE Identity) is one the TCB policy accepts. */
        TCB,
        /** The nonce was issued by this verifier, is unexpired and has not been used before. */
        FRESHNESS,
        /** The evidence's report data is SHA-512 of the nonce, the TLS key and the HPKE key it is meant to bind. */
        KEY_BINDING,
        /** Measurement, signer, product, security version and debug against the reference values. */
        REFERENCE_VALUES
    }

    private final Check check;

    public AttestationException(Check check, String message) {
        super(check + ": " + message);
        this.check = check;
    }

    public AttestationException(Check check, String message, Throwable cause) {
        super(check + ": " + message, cause);
        this.check = check;
    }

    public Check check() {
        return check;
    }
}
