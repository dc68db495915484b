package io.coalition.trust.attestation;

import java.security.PrivateKey;
import java.time.Instant;

/**
 * The RFC 9334 attestation result of evidence that passed every check of a {@link Verifier} (failures throw,
 * so no result says "rejected").
 *
 * @param status         {@link Status#AFFIRMING} for hardware-backed evidence, {@link Status#WARNING} for
 *                       simulated evidence that the reference values allowed
 * @param mediaType      the evidence media type
 * @param claims         the appraised claims
 * @param hardwareBacked whether a hardware root of trust signed the evidence; always false for simulation
 * @param nonce          the verifier's nonce that this evidence answered
 * @param issuedAt       when the verifier appraised it
 */
public record AttestationResult(Status status, String mediaType, Claims claims, boolean hardwareBacked, byte[] nonce,
                                Instant issuedAt) {
    /** EAR status tiers (draft-ietf-rats-ear, section 3.3), without "contraindicated": that is an exception. */
    public enum Status {
        AFFIRMING("affirming"), WARNING("warning");

        private final String ear;

        Status(String ear) {
            this.ear = ear;
        }

        /** The EAR {@code ear.status} string. */
        public String ear() {
            return ear;
        }

        static Status ofEar(String s) {
            for (Status v : values()) if (v.ear.equals(s)) return v;
            throw new io.coalition.trust.TrustException("EAR: unknown ear.status '" + s + "', expected affirming or warning");
        }
    }

    public AttestationResult {
        nonce = nonce.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** This result as an EAR JWT signed ES256 by the verifier's P-256 key; see {@link Ear}. */
    public String toEar(PrivateKey verifierKey, String verifierId) {
        return Ear.sign(this, verifierKey, verifierId);
    }
}
