package io.coalition.decisions.ccu;

import io.coalition.trust.envelope.Envelope;

import java.security.cert.X509Certificate;

/** What a client puts on the request queue: an envelope for the CCU and the sender's certificate. */
public sealed interface CcuCall {
    Envelope envelope();

    X509Certificate sender();

    /** A Data Provider's record submission (purpose {@link Ccu#SUBMIT}). */
    record Submit(Envelope envelope, X509Certificate sender) implements CcuCall {
    }

    /** A Data Provider's data set in one envelope (purpose {@link Ccu#SUBMIT_BATCH}, a {@link Ccu.Batch}). */
    record SubmitBatch(Envelope envelope, X509Certificate sender) implements CcuCall {
    }

    /** A Decider's decision request (purpose {@link Ccu#DECIDE}). */
    record Decide(Envelope envelope, X509Certificate sender) implements CcuCall {
    }

    /** The call for an envelope of {@code purpose}, or null for a purpose no call has. */
    public static CcuCall of(String purpose, Envelope envelope, X509Certificate sender) {
        return switch (purpose) {
            case Ccu.SUBMIT -> new Submit(envelope, sender);
            case Ccu.SUBMIT_BATCH -> new SubmitBatch(envelope, sender);
            case Ccu.DECIDE -> new Decide(envelope, sender);
            default -> null;
        };
    }
}
