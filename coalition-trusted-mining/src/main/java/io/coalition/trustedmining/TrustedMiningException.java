package io.coalition.trustedmining;

/**
 * The module's error root: a refused request, a segment that fails a check, an input the protocol cannot use.
 * Attestation failures stay {@link io.coalition.trust.attestation.AttestationException}s (they name the failed step).
 */
public class TrustedMiningException extends RuntimeException {
    public TrustedMiningException(String message) {
        super(message);
    }

    public TrustedMiningException(String message, Throwable cause) {
        super(message, cause);
    }
}
