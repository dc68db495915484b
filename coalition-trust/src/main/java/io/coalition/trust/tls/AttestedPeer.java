package io.coalition.trust.tls;

import io.coalition.trust.attestation.AttestationResult;
import io.coalition.trust.pki.ParticipantAttributes;

import java.security.cert.X509Certificate;

/**
 * A peer that passed every attested-TLS check.
 *
 * @param attributes    the participant attributes its CA-issued certificate attests
 * @param result        the attestation result of its evidence
 * @param hpkePublicKey the HPKE key the evidence binds: encrypt to this key to reach the attested enclave
 * @param certificate   its TLS certificate
 */
public record AttestedPeer(ParticipantAttributes attributes, AttestationResult result, byte[] hpkePublicKey,
                           X509Certificate certificate) {
    public AttestedPeer {
        hpkePublicKey = hpkePublicKey.clone();
    }

    @Override
    public byte[] hpkePublicKey() {
        return hpkePublicKey.clone();
    }
}
