package io.coalition.trustedmining.transport;

import io.coalition.eventlog.EventLog;
import io.coalition.eventlog.Trace;
import io.coalition.eventlog.XesKeys;
import io.coalition.trustedmining.TrustedMiningException;

/**
 * Re-keys a log by the trace attribute that identifies a case across organizations (the provider's
 * {@code --merge-key}): each trace's case id becomes that attribute's value.
 */
public final class MergeKey {
    private MergeKey() {
    }

    public static EventLog apply(EventLog log, String key, String source) {
        if (key.equals(XesKeys.CONCEPT_NAME)) return log;
        EventLog.Builder b = EventLog.builder().header(log.header());
        int i = 0;
        for (Trace t : log.traces()) {
            i++;
            Object v = t.attributes().get(key);
            if (v == null) {
                throw new TrustedMiningException(source + ": trace " + i + (t.caseId() == null ? "" : " (" + t.caseId() + ")")
                        + " has no attribute '" + key + "' (the merge key)");
            }
            b.trace(Trace.of(v.toString(), t.events()));
        }
        return b.build();
    }
}
