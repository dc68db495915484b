package io.coalition.trust.tls;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.AttestationException;
import io.coalition.trust.attestation.AttestationException.Check;
import io.coalition.trust.attestation.AttestationResult;
import io.coalition.trust.attestation.ReportData;
import io.coalition.trust.pki.ParticipantAttributes;
import org.bouncycastle.asn1.x509.Extension;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/** The checks of an attested peer's certificate chain, in order; see {@link AttestedTls}. */
final class PeerChecks {
    private static final Set<String> UNDERSTOOD_CRITICAL = Set.of(Extension.basicConstraints.getId(), Extension.keyUsage.getId());

    private PeerChecks() {
    }

    static AttestedPeer check(X509Certificate[] chain, PeerPolicy policy, byte[] connectionNonce) {
        // 1. the chain: participant certificate under the CA, TLS certificate signed by the participant's key
        if (chain == null || chain.length != 2) {
            throw new AttestationException(Check.CERTIFICATE_CHAIN, "expected the chain [TLS certificate, participant "
                    + "certificate], got " + (chain == null ? 0 : chain.length) + " certificates");
        }
        X509Certificate leaf = chain[0];
        X509Certificate participant = chain[1];
        ParticipantAttributes attributes;
        try {
            attributes = policy.validator().validate(participant, policy.clock());
        } catch (TrustException e) {
            throw new AttestationException(Check.CERTIFICATE_CHAIN, e.getMessage(), e);
        }
        String who = "TLS certificate " + leaf.getSubjectX500Principal().getName();
        if (!leaf.getIssuerX500Principal().equals(participant.getSubjectX500Principal())) {
            throw new AttestationException(Check.CERTIFICATE_CHAIN, who + " is issued by " + leaf.getIssuerX500Principal().getName()
                    + ", not by the participant " + participant.getSubjectX500Principal().getName());
        }
        try {
            leaf.verify(participant.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new AttestationException(Check.CERTIFICATE_CHAIN, who + ": signature does not verify with the key of the "
                    + "participant certificate " + participant.getSerialNumber());
        }
        Instant now = policy.clock().instant();
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
        // 2. evidence, freshness, key binding, reference values
        AttestationExtension ext;
        ReportData expected;
        try {
            ext = AttestationExtension.of(leaf);
            expected = new ReportData(ext.nonce(), AttestedIdentity.sha256(leaf.getPublicKey().getEncoded()), ext.hpkePublicKey());
        } catch (AttestationException e) {
            throw e;
        } catch (TrustException e) {
            throw new AttestationException(Check.EVIDENCE, e.getMessage(), e);
        }
        AttestationResult result = policy.verifier().verify(ext.evidence(), expected, policy.reference());
        if (!java.security.MessageDigest.isEqual(ext.nonce(), connectionNonce)) {
            // the evidence answered another of this verifier's nonces: not this connection's challenge
            throw new AttestationException(Check.FRESHNESS, "the evidence answers nonce " + HexFormat.of().formatHex(ext.nonce())
                    + ", not this connection's nonce " + HexFormat.of().formatHex(connectionNonce));
        }
        return new AttestedPeer(attributes, result, ext.hpkePublicKey(), leaf);
    }
}
