package io.coalition.trust.tls;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.AttestationException;
import io.coalition.trust.attestation.AttestationException.Check;
import io.coalition.trust.pki.CertificateValidator;
import io.coalition.trust.pki.ParticipantAttributes;
import org.bouncycastle.asn1.x509.Extension;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The certificate chain of an attested party's TLS key: {@code [TLS certificate, participant certificate]}, the TLS
 * certificate issued and signed by the CA-issued participant certificate (seed 004 CONF). It is step 1
 * ({@code CERTIFICATE_CHAIN}) of the attested-TLS checks ({@link AttestedTls}), public for protocols that carry the
 * evidence at the application level and bind it to the TLS key: they check the chain of the connection here, then
 * verify evidence whose report data binds {@link Verified#tlsKey()}. The participant certificate, not the TLS
 * certificate, says who the party is, so a party authenticated only by its participant certificate (no TLS
 * certificate, hence no key it attests) is refused.
 */
public final class ChannelChain {
    private static final Set<String> UNDERSTOOD_CRITICAL = Set.of(Extension.basicConstraints.getId(), Extension.keyUsage.getId());

    private ChannelChain() {
    }

    /**
     * A chain that passed {@link #verify}.
     *
     * @param attributes  the participant's attributes (organization, role, ...) from its CA-issued certificate
     * @param participant the participant certificate
     * @param tls         the TLS certificate, whose key the party's evidence must bind
     */
    public record Verified(ParticipantAttributes attributes, X509Certificate participant, X509Certificate tls) {
        /** The TLS certificate's public key: the key the handshake proved possession of. */
        public PublicKey tlsKey() {
            return tls.getPublicKey();
        }
    }

    /**
     * Checks, in order and failing closed: two certificates; the participant certificate with {@code validator}
     * (CA signature, validity, CRL, attributes); the TLS certificate issued by that participant and signed with its
     * key, valid at {@code clock}'s instant, not a CA, no critical extension other than basic constraints and key
     * usage.
     *
     * @throws AttestationException with check {@code CERTIFICATE_CHAIN}, naming what failed
     */
    public static Verified verify(X509Certificate[] chain, CertificateValidator validator, Clock clock) {
        return verify(chain, validator, clock, null);
    }

    /**
     * As {@link #verify(X509Certificate[], CertificateValidator, Clock)}, remembering the TLS certificate's verified
     * signature in {@code signatures} (none if null): a party checking the same chain on every request verifies it
     * once, and every other check (validity, CRL, issuer, extensions) still runs on every call.
     */
    public static Verified verify(X509Certificate[] chain, CertificateValidator validator, Clock clock,
                                  io.coalition.trust.pki.VerifiedSignatures signatures) {
        if (chain == null || chain.length != 2) {
            throw new AttestationException(Check.CERTIFICATE_CHAIN, "expected the chain [TLS certificate, participant "
                    + "certificate], got " + (chain == null ? 0 : chain.length) + " certificate" + (chain != null && chain.length == 1 ? "" : "s"));
        }
        X509Certificate leaf = chain[0];
        X509Certificate participant = chain[1];
        ParticipantAttributes attributes;
        try {
            attributes = validator.validate(participant, clock);
        } catch (TrustException e) {
            throw new AttestationException(Check.CERTIFICATE_CHAIN, e.getMessage(), e);
        }
        String who = "TLS certificate " + leaf.getSubjectX500Principal().getName();
        if (!leaf.getIssuerX500Principal().equals(participant.getSubjectX500Principal())) {
            throw new AttestationException(Check.CERTIFICATE_CHAIN, who + " is issued by " + leaf.getIssuerX500Principal().getName()
                    + ", not by the participant " + participant.getSubjectX500Principal().getName());
        }
        boolean signed;
        if (signatures != null) {
            signed = signatures.verifies(leaf, participant.getPublicKey());
        } else {
            try {
                leaf.verify(participant.getPublicKey());
                signed = true;
            } catch (GeneralSecurityException e) {
                signed = false;
            }
        }
        if (!signed) {
            throw new AttestationException(Check.CERTIFICATE_CHAIN, who + ": signature does not verify with the key of the "
                    + "participant certificate " + participant.getSerialNumber());
        }
        Instant now = clock.instant();
        Instant from = leaf.getNotBefore().toInstant();
        Instant to = leaf.getNotAfter().toInstant();
        if (now.isBefore(from)) {
            throw new AttestationException(Check.CERTIFICATE_CHAIN, who + ": not yet valid (valid from " + from + " to " + to + ", now " + now + ")");
        }
        if (now.isAfter(to)) {
            throw new AttestationException(Check.CERTIFICATE_CHAIN, who + ": expired on " + to + " (valid from " + from
                    + " to " + to + ", now " + now + ")");
        }
        if (leaf.getBasicConstraints() != -1) {
            throw new AttestationException(Check.CERTIFICATE_CHAIN, who + ": is a CA certificate");
        }
        Set<String> critical = leaf.getCriticalExtensionOIDs() == null ? new HashSet<>() : new HashSet<>(leaf.getCriticalExtensionOIDs());
        critical.removeAll(UNDERSTOOD_CRITICAL);
        if (!critical.isEmpty()) {
            throw new AttestationException(Check.CERTIFICATE_CHAIN, who + ": unknown critical extension " + critical);
        }
        return new Verified(attributes, participant, leaf);
    }
}
