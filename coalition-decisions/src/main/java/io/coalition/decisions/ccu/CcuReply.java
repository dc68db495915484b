package io.coalition.decisions.ccu;

import io.coalition.trust.envelope.Envelope;

import java.util.List;

/**
 * What the CCU answers on the caller's channel: the stored record (submission), the stored records of a batch
 * (batch submission, in the batch's order), the sealed decision (request), or the refusal with its step and reason.
 * Exactly one of the four is set.
 */
public record CcuReply(StoredRecord stored, List<StoredRecord> batch, Envelope decision, RefusedException.Step refusedAt,
                       String refusal) {
    public CcuReply {
        batch = batch == null ? null : List.copyOf(batch);
        int set = (stored != null ? 1 : 0) + (batch != null ? 1 : 0) + (decision != null ? 1 : 0) + (refusal != null ? 1 : 0);
        if (set != 1 || (refusal == null) != (refusedAt == null)) {
            throw new IllegalArgumentException("a CCU reply is exactly one of stored, batch, decision, refusal (with its step)");
        }
    }

    public static CcuReply stored(StoredRecord r) {
        return new CcuReply(r, null, null, null, null);
    }

    public static CcuReply storedBatch(List<StoredRecord> records) {
        return new CcuReply(null, records, null, null, null);
    }

    public static CcuReply decision(Envelope e) {
        return new CcuReply(null, null, e, null, null);
    }

    public static CcuReply refused(RefusedException.Step step, String reason) {
        return new CcuReply(null, null, null, step, reason);
    }

    static CcuReply refused(RefusedException e) {
        return refused(e.step(), e.getMessage());
    }

    public boolean isRefusal() {
        return refusal != null;
    }
}
