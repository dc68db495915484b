package io.coalition.trustedmining;

import io.coalition.trust.attestation.AttestationResult;
import io.coalition.trust.attestation.Evidence;
import io.coalition.trust.notary.Receipt;

import java.security.PublicKey;
import java.util.Set;

/**
 * What a Trusted Miner asks of a Log Provider (seed 000, section 3, steps 1-4). {@link LogProvider} implements it
 * in-process; a transport (attested TLS) would implement it as a client.
 */
public interface ProviderEndpoint {
    /** The organization this provider speaks for. */
    String organization();

    /** A fresh single-use nonce the miner's evidence must answer. */
    byte[] challenge();

    /**
     * Opens a session: the provider verifies the evidence against its reference values, bound to the nonce, the
     * miner's TLS key and its HPKE key, checks its usage policy, and returns the session and its verdict.
     *
     * @throws io.coalition.trust.attestation.AttestationException when the evidence does not verify
     * @throws TrustedMiningException when the usage policy refuses the analyses or the requester
     */
    SessionGrant open(SessionRequest request);

    /**
     * The case index's summary (cases, events, SHA-256 of the list case id -> events in canonical order; the entries
     * themselves travel in the segments' chunks), sealed to the session's HPKE key.
     */
    Delivery caseIndex(String session);

    /** Segment {@code sequence} (1..segments), sealed to the session's HPKE key. */
    Delivery segment(String session, int sequence);

    /**
     * Segments {@code from}, {@code from + 1}, ..., at most {@code count} of them (at least one; a provider may
     * return fewer, e.g. to bound a batch's bytes), in order. One call per batch lets a provider notarize the batch
     * at once and a transport save round trips. This default asks for one segment at a time; when the provider
     * becomes unavailable or loses the session after the first, it returns the segments it got (the miner asks for
     * the rest again, and retries or re-attests then).
     */
    default java.util.List<Delivery> segments(String session, int from, int count) {
        java.util.List<Delivery> out = new java.util.ArrayList<>();
        for (int seq = from; seq < from + Math.max(1, count); seq++) {
            try {
                out.add(segment(session, seq));
            } catch (ProviderUnavailableException | UnknownSessionException e) {
                if (out.isEmpty()) throw e;
                return out;
            }
        }
        return out;
    }

    /**
     * Ends a session: the provider forgets its key and held messages. The miner calls it when a run is over; a
     * provider also evicts sessions on its own (see {@link LogProvider}). This default does nothing.
     */
    default void close(String session) {
    }

    /** A miner's request: its evidence for {@code nonce}, the keys it binds, what it will compute, and for whom. */
    record SessionRequest(byte[] nonce, Evidence evidence, PublicKey tlsKey, byte[] hpkeKey, Set<Analysis> analyses,
                          String requester) {
        public SessionRequest {
            nonce = nonce.clone();
            hpkeKey = hpkeKey.clone();
            analyses = Set.copyOf(analyses);
        }
    }

    /** An opened session: its id, the number of segments and the provider's attestation verdict on the miner. */
    record SessionGrant(String session, int segments, AttestationResult attestation) {
    }

    /** A released message and the notary receipt of its release (receipt hash = SHA-256 of the wire form). */
    record Delivery(SealedMessage message, Receipt receipt) {
    }
}
