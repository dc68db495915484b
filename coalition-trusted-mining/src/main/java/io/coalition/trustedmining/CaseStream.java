package io.coalition.trustedmining;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * The miner's check of one provider's stream of chunks against its case index, case by case and in constant
 * memory: cases must come in canonical order ({@link SegmentCodec#compareKeys}), each once, with as many events as
 * its chunks announce, and at the end of the stream the cases and sizes listed must be those the index summary
 * counted and hashed. So the miner never holds the index: it keeps the case in progress and a running SHA-256.
 */
final class CaseStream {
    private final String provider;
    private final MessageDigest digest;
    /** The case in progress, or the last one (null before the first chunk). */
    private String current;
    private int announced;
    private int received;
    private int cases;
    private int casesWithEvents;
    private long events;
    private boolean finished;

    /** @param provider "provider NAME", for messages */
    CaseStream(String provider) {
        this.provider = provider;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes a chunk of {@code count} events of case {@code caseId}, whose size at the provider is {@code caseEvents};
     * returns whether it starts a new case. Refuses, naming {@code where}: a case before the previous one (not in
     * canonical order), a case listed again after all its events arrived, a split case whose size changes, a case
     * that ended before all its announced events arrived, and more events than announced.
     */
    boolean chunk(String caseId, int caseEvents, int count, String where) {
        if (finished) throw new IllegalStateException(provider + ": chunk after the end of its stream");
        if (current != null) {
            int order = SegmentCodec.compareKeys(caseId, current);
            if (order == 0) {
                if (received == announced) {
                    throw new TrustedMiningException(where + ": case " + caseId + " repeated (its " + announced
                            + " events had all arrived)");
                }
                if (caseEvents != announced) {
                    throw new TrustedMiningException(where + ": case " + caseId + " announces " + caseEvents
                            + " events, its first chunk announced " + announced);
                }
                receive(caseId, count, where);
                return false;
            }
            if (order < 0) {
                throw new TrustedMiningException(where + ": case " + caseId + " comes after case " + current
                        + ": not in canonical order (ascending case ids by UTF-8 bytes)");
            }
            close(where);
        }
        current = caseId;
        announced = caseEvents;
        received = 0;
        cases++;
        if (caseEvents > 0) casesWithEvents++;
        events += caseEvents;
        SegmentCodec.indexEntry(digest, caseId, caseEvents);
        receive(caseId, count, where);
        return true;
    }

    private void receive(String caseId, int count, String where) {
        received += count;
        if (received > announced) {
            throw new TrustedMiningException(where + ": case " + caseId + " has " + (received - announced)
                    + " more events than its index announced (" + announced + ")");
        }
    }

    private void close(String where) {
        if (received < announced) {
            throw new TrustedMiningException(where + ": case " + current + " ended after " + received + " of its "
                    + announced + " announced events");
        }
    }

    /**
     * Whether this provider will send nothing more of case {@code key}: its stream ended, or it is past the key, or
     * at it with all the case's events received. Monotone in the key, so the smallest pending case completes first.
     */
    boolean doneWith(String key) {
        if (finished) return true;
        if (current == null) return false;
        int order = SegmentCodec.compareKeys(current, key);
        return order > 0 || order == 0 && received == announced;
    }

    /** The case key the stream is at (null before its first chunk): the retrieval plan asks the furthest behind first. */
    String position() {
        return current;
    }

    /** The stream ended with its last segment: the last case must be complete and the index summary must match. */
    void finish(SegmentCodec.IndexSummary index) {
        String where = provider + " segments";
        if (current != null) close(where);
        if (cases != index.cases() || events != index.events()) {
            throw new TrustedMiningException(where + " listed " + cases + " cases and " + events
                    + " events, its case index announced " + index.cases() + " cases and " + index.events()
                    + " events (a case skipped or added)");
        }
        if (!MessageDigest.isEqual(digest.digest(), index.digest())) {
            throw new TrustedMiningException(where + ": the cases and sizes listed do not hash to its case index's digest");
        }
        finished = true;
    }

    /**
     * The provider is gone mid-stream (the result will be partial): nothing more is waited for. Returns the number of
     * its cases that did not arrive complete: the case in progress and those its index announced but it never started.
     */
    int abandon(SegmentCodec.IndexSummary index) {
        finished = true;
        int cut = current != null && received < announced ? 1 : 0;
        return cut + Math.max(0, index == null ? 0 : index.cases() - cases);
    }

    int casesWithEvents() {
        return casesWithEvents;
    }
}
