package io.coalition.decisions.ccu;

import io.coalition.trust.envelope.Envelope;

import java.security.cert.X509Certificate;

/** What a client puts on the request queue: an envelope for the CCU and the sender's certificate. */
public sealed interface CcuCall {
    Envelope envelope();

    X509Certificate sender();

    /** A Data Provider's record submission. */
    record Submit(Envelope envelope, X509Certificate sender) implements CcuCall {
    }

    /** A Decider's decision request. */
    record Decide(Envelope envelope, X509Certificate sender) implements CcuCall {
    }
}
