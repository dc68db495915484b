package io.coalition.decisions.ccu;

import io.coalition.trust.envelope.Envelope;

/**
 * What the CCU answers on the caller's channel: the stored record (submission), the sealed decision (request),
 * or the refusal with its step and reason. Exactly one of the three is set.
 */
public record CcuReply(StoredRecord stored, Envelope decision, RefusedException.Step refusedAt, String refusal) {
    static CcuReply stored(StoredRecord r) {
        return new CcuReply(r, null, null, null);
    }

    static CcuReply decision(Envelope e) {
        return new CcuReply(null, e, null, null);
    }

    static CcuReply refused(RefusedException e) {
        return new CcuReply(null, null, e.step(), e.getMessage());
    }

    public boolean isRefusal() {
        return refusal != null;
    }
}
