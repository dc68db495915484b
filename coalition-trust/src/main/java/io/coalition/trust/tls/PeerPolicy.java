package io.coalition.trust.tls;

import io.coalition.trust.attestation.ReferenceValues;
import io.coalition.trust.attestation.Verifier;
import io.coalition.trust.pki.CertificateValidator;

import java.time.Clock;

/**
 * What a party requires of its attested peer: a participant certificate valid under the CA
 * ({@code validator}), evidence the {@code verifier} accepts, and the {@code reference} values.
 */
public record PeerPolicy(CertificateValidator validator, Verifier verifier, ReferenceValues reference, Clock clock) {
}
