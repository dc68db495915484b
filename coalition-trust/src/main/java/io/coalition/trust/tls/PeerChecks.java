package io.coalition.trust.tls;

import io.coalition.trust.TrustException;
import io.coalition.trust.attestation.AttestationException;
import io.coalition.trust.attestation.AttestationException.Check;
import io.coalition.trust.attestation.AttestationResult;
import io.coalition.trust.attestation.ReportData;
import io.coalition.trust.pki.ParticipantAttributes;

import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** The checks of an attested peer's certificate chain, in order; see {@link AttestedTls}. */
final class PeerChecks {
    private PeerChecks() {
    }

    static AttestedPeer check(X509Certificate[] chain, PeerPolicy policy, byte[] connectionNonce) {
        // 1. the chain: participant certificate under the CA, TLS certificate signed by the participant's key
        ChannelChain.Verified verified = ChannelChain.verify(chain, policy.validator(), policy.clock());
        X509Certificate leaf = verified.tls();
        ParticipantAttributes attributes = verified.attributes();
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
