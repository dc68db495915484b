package io.coalition.trust.attestation;

/**
 * Appraises evidence of one media type: checks its format and its signature chain to the platform's trust
 * anchor, and extracts the {@link Claims}. Plug one per platform into a {@link Verifier}; the verifier then
 * checks freshness, key binding and reference values the same way for all platforms.
 *
 * <p>Implementations must not check report data or reference values, and must throw
 * {@link AttestationException} with {@link AttestationException.Check#EVIDENCE} on any failure.
 */
public interface EvidenceVerifier {
    /** The media type this verifier appraises. */
    String mediaType();

    Claims appraise(Evidence evidence);
}
