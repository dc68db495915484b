package io.coalition.trustedmining;

import io.coalition.eventlog.Attribute;
import io.coalition.eventlog.AttributeType;
import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.Trace;
import io.coalition.trustedmining.ems.EventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What a {@link LogProvider} releases of its {@link EventSource}, grant by grant of its usage policy: the cases each
 * grant releases in served (canonical) order, the plan of segments of bounded plaintext size over them (traces split
 * across segments, never dropped), the index summary and the release record; and, when a session asks, a planned
 * segment read from the source and encoded with only the attributes the grant releases. Keeps the plan, never the
 * events. Not thread-safe: the provider serializes its calls (a JDBC source has one connection).
 */
final class ReleasePlanner {
    /** The provider's logger: these lines are the provider's start-up report. */
    private static final Logger log = LoggerFactory.getLogger(LogProvider.class);
    private static final Logger audit = LoggerFactory.getLogger("coalition.audit");

    private final String organization;
    private final EventSource source;
    private final int segmentBytes;

    ReleasePlanner(String organization, EventSource source, int segmentBytes) {
        this.organization = organization;
        this.source = source;
        this.segmentBytes = segmentBytes;
    }

    /** Where a segment's events are: from event {@code firstEvent} of case {@code firstCase} to before event {@code endEvent} of case {@code lastCase}. */
    record Slice(int firstCase, int firstEvent, int lastCase, int endEvent) {
    }

    /**
     * What one grant of the usage policy releases: its cases in served order, where each segment starts and ends, the
     * index summary and the release record. A grant's selection is applied here, before anything is planned: a case
     * it withholds is not in the index summary, the served order or any segment; only its count goes into the
     * release record.
     */
    record Release(int grant, UsagePolicy policy, int[] served, BitSet released, List<Slice> plan,
                   byte[] indexPlaintext, long events, ReleaseRecord record) {
        /** Whether this grant lets {@code requester} run all of {@code analyses}. */
        boolean allows(String requester, java.util.Set<Analysis> analyses) {
            return policy.recipients().contains(requester) && policy.analyses().containsAll(analyses);
        }
    }

    /**
     * Plans every grant's releases. First pass, over the whole source once for all grants: case ids checked (unique;
     * in canonical order where the source promises it), each grant's selection applied, released case ids and sizes
     * hashed into its index summary in canonical order (the miner merges the providers' streams like sorted runs, so
     * it needs no index in memory). Then each grant's segment plan, in served order: for a source already in
     * canonical order in that same pass (one read of the source at start, whatever the number of grants), otherwise
     * in a second pass per grant over its released cases. Encoded events are dropped; only the plan is kept.
     */
    List<Release> plan(List<UsagePolicy> policies, java.util.function.UnaryOperator<int[]> servedOrder) {
        // a served-order rewrite (test seam) needs the canonical order first, so it plans in a second pass
        boolean onePass = source.canonical() && servedOrder == null;
        List<GrantPlan> plans = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) plans.add(new GrantPlan(i, policies.get(i), onePass));
        long[] all = {0, 0}; // cases and events of the source, released or not (for the release records)
        String[] previous = {null};
        java.util.Set<String> seen = source.canonical() ? null : new java.util.HashSet<>();
        source.read(0, t -> {
            String caseId = caseId(t, (int) all[0]);
            if (seen != null && !seen.add(caseId)) {
                throw new TrustedMiningException("provider " + organization + ": case " + caseId + " occurs twice in its log");
            }
            if (seen == null) {
                // promised canonical order: check it, keep no ids
                if (previous[0] != null) {
                    int c = SegmentCodec.compareKeys(previous[0], caseId);
                    if (c == 0) throw new TrustedMiningException("provider " + organization + ": case " + caseId + " occurs twice in its log");
                    if (c > 0) {
                        throw new TrustedMiningException("provider " + organization + ": " + source.describe() + " promised its cases in"
                                + " canonical order, but case " + caseId + " came after case " + previous[0]);
                    }
                }
                previous[0] = caseId;
            }
            for (GrantPlan g : plans) g.accept((int) all[0], caseId, t);
            all[0]++;
            all[1] += t.size();
            return true;
        });
        List<Release> out = new ArrayList<>();
        for (GrantPlan g : plans) out.add(g.finish(policies.size(), (int) all[0], all[1], servedOrder));
        return List.copyOf(out);
    }

    /** One grant's part of {@link #plan}. */
    private final class GrantPlan {
        private final int grant;
        private final UsagePolicy policy;
        private final CaseSelection.Tally selection;
        private final boolean onePass;
        private final BitSet released = new BitSet();
        private final MessageDigest digest;
        private long events;
        private int cases;
        private final List<Slice> slices = new ArrayList<>();
        private final Planner planner;
        /** Without canonical order at the source: the released cases' ids, sizes and ordinals, to sort. */
        private final List<String> ids = new ArrayList<>();
        private final List<Integer> sizes = new ArrayList<>();
        private final List<Integer> ordinals = new ArrayList<>();

        GrantPlan(int grant, UsagePolicy policy, boolean onePass) {
            this.grant = grant;
            this.policy = policy;
            this.selection = policy.cases().tally();
            this.onePass = onePass;
            this.planner = new Planner(segmentBytes, slices);
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        void accept(int ordinal, String caseId, Trace t) {
            if (!selection.test(t)) return;
            released.set(ordinal);
            if (onePass) {
                SegmentCodec.indexEntry(digest, caseId, t.size());
                planCase(planner, policy, cases, t);
            } else if (!source.canonical()) {
                ids.add(caseId);
                sizes.add(t.size());
                ordinals.add(ordinal);
            } else {
                SegmentCodec.indexEntry(digest, caseId, t.size());
            }
            cases++;
            events += t.size();
        }

        Release finish(int grants, int totalCases, long totalEvents, java.util.function.UnaryOperator<int[]> servedOrder) {
            int[] canonical;
            if (source.canonical()) {
                canonical = released.stream().toArray();
            } else {
                // the ids are dropped after sorting
                Integer[] byKey = new Integer[ids.size()];
                for (int i = 0; i < byKey.length; i++) byKey[i] = i;
                java.util.Arrays.sort(byKey, (x, y) -> SegmentCodec.compareKeys(ids.get(x), ids.get(y)));
                canonical = new int[byKey.length];
                for (int i = 0; i < canonical.length; i++) {
                    canonical[i] = ordinals.get(byKey[i]);
                    SegmentCodec.indexEntry(digest, ids.get(byKey[i]), sizes.get(byKey[i]));
                }
            }
            byte[] indexPlaintext = SegmentCodec.encodeIndex(new SegmentCodec.IndexSummary(canonical.length, events, digest.digest()));
            int[] served = servedOrder == null ? canonical : servedOrder.apply(canonical.clone());
            if (!onePass) {
                // second pass, in served order: the segment plan (positions in that order)
                Release r = new Release(grant, policy, served, released, slices, indexPlaintext, events, null);
                readServed(r, 0, served.length - 1, (position, t) -> planCase(planner, policy, position, t));
            }
            planner.flush();
            ReleaseRecord record = ReleaseRecord.of(organization, source.describe(), grants == 1 ? "" : (grant + 1) + " of " + grants,
                    policy, selection.listsFound(), cases, totalCases, events, totalEvents);
            if (selection.withheldNotFound() > 0) {
                log.warn("provider {}: {} of the ids its usage policy withholds are not among its cases (a typo would release"
                        + " the case it meant): {}", organization, selection.withheldNotFound(), selection.listsFound());
            }
            audit.info("provider {} release record{}: {} under case selection: {}", organization,
                    grants == 1 ? "" : " of grant " + (grant + 1), record.summary(), policy.cases().describe());
            log.info("provider {}{}: {} cases, {} events in {} segments of at most {} bytes ({})", organization,
                    grants == 1 ? "" : " grant " + (grant + 1), cases, events, slices.size(), segmentBytes, source.describe());
            return new Release(grant, policy, served, released, List.copyOf(slices), indexPlaintext, events, record);
        }
    }

    /** Adds the case at served {@code position} to the segment plan; an event without timestamp fails the start. */
    private void planCase(Planner planner, UsagePolicy policy, int position, Trace t) {
        List<Event> es = t.events();
        if (es.isEmpty()) planner.emptyCase(position, t.caseId());
        for (int i = 0; i < es.size(); i++) {
            Event e = es.get(i);
            if (e.timestamp() == null) {
                throw new TrustedMiningException("provider " + organization + ": case " + t.caseId()
                        + " has an event without time:timestamp (needed to merge cases)");
            }
            planner.add(position, i, t.caseId(), es.size(), release(policy, e));
        }
    }

    /** The trace's case id (the merge key); {@code before} traces came before it. */
    private String caseId(Trace t, int before) {
        String caseId = t.caseId();
        if (caseId == null) {
            throw new TrustedMiningException("provider " + organization + ": trace " + (before + 1) + " has no concept:name (the merge key)");
        }
        return caseId;
    }

    /** Receives a case read in served order, with its position in that order. */
    private interface ServedCase {
        void accept(int position, Trace trace);
    }

    /**
     * Reads the cases at served positions {@code first..last}: one read of the source per run of served cases that
     * are consecutive among the released ones in source order (one read in all when the source is already in
     * canonical order, e.g. a table read by its key). Withheld cases in between are read and skipped; a served case
     * the usage policy no longer releases (the source changed since the plan) fails the read: fail closed.
     */
    private void readServed(Release release, int first, int last, ServedCase visitor) {
        int[] served = release.served();
        BitSet released = release.released();
        int pos = first;
        while (pos <= last) {
            int runEnd = pos;
            while (runEnd < last && served[runEnd + 1] == released.nextSetBit(served[runEnd] + 1)) runEnd++;
            int start = pos;
            int end = runEnd;
            int[] at = {start};
            int[] ordinal = {served[start]};
            source.read(served[start], t -> {
                if (!released.get(ordinal[0]++)) return true;
                if (!release.policy().cases().test(t)) {
                    throw new TrustedMiningException("provider " + organization + ": case " + t.caseId() + " at source position "
                            + (ordinal[0] - 1) + " is not released by its usage policy (the source changed since the provider started)");
                }
                visitor.accept(at[0], t);
                return ++at[0] <= end;
            });
            if (at[0] <= end) {
                throw new TrustedMiningException("provider " + organization + ": " + source.describe() + " ended at case "
                        + ordinal[0] + ", the segment plan needs case " + served[end] + " (the source changed)");
            }
            pos = runEnd + 1;
        }
    }

    /** Reads the slice's events from the source and encodes them as one segment. */
    byte[] encodeSegment(Release release, Slice slice) {
        SegmentCodec.Writer w = new SegmentCodec.Writer(true);
        readServed(release, slice.firstCase(), slice.lastCase(), (position, t) -> {
            List<Event> es = t.events();
            int from = position == slice.firstCase() ? slice.firstEvent() : 0;
            int to = position == slice.lastCase() ? slice.endEvent() : es.size();
            if (from < to || es.isEmpty()) {
                w.startChunk(t.caseId(), es.size());
                for (int i = from; i < to; i++) w.event(release(release.policy(), es.get(i)));
            }
        });
        return w.finish();
    }

    /** The event as the usage policy releases it: allowed keys, plain values, no meta-attributes. */
    private static Event release(UsagePolicy policy, Event e) {
        Attributes kept = e.attributes().retain(policy.eventAttributes());
        for (String k : kept.keys()) {
            AttributeType t = kept.type(k);
            if (t == AttributeType.LIST || t == AttributeType.CONTAINER || !kept.attribute(k).meta().isEmpty()) {
                return new Event(plainOnly(kept));
            }
        }
        return new Event(kept);
    }

    private static Attributes plainOnly(Attributes a) {
        Attributes.Builder b = Attributes.builder();
        for (Attribute at : a) {
            if (at.type() != AttributeType.LIST && at.type() != AttributeType.CONTAINER) b.put(at.key(), at.value());
        }
        return b.build();
    }

    /**
     * Plans segments of bounded plaintext size over (case ordinal, event) positions, splitting traces where needed.
     * It sizes events with a counting {@link SegmentCodec.Writer}, so the per-segment dictionary is accounted for
     * exactly as the provider will encode the segment.
     */
    private static final class Planner {
        private final int limit;
        private final List<Slice> out;
        private SegmentCodec.Writer w = new SegmentCodec.Writer(false);
        private int firstCase = -1;
        private int firstEvent;
        private int lastCase = -1;
        private int endEvent;

        Planner(int limit, List<Slice> out) {
            this.limit = limit;
            this.out = out;
        }

        /** A case without events: a chunk of none, so its index entry still reaches the miner. */
        void emptyCase(int caseOrdinal, String caseId) {
            if (w.size() + SegmentCodec.Writer.chunkOverhead(caseId) > limit && firstCase >= 0) flush();
            if (firstCase < 0) {
                firstCase = caseOrdinal;
                firstEvent = 0;
            }
            w.startChunk(caseId, 0);
            lastCase = caseOrdinal;
            endEvent = 0;
        }

        void add(int caseOrdinal, int event, String caseId, int caseEvents, Event released) {
            boolean sameChunk = lastCase == caseOrdinal;
            int extra = w.eventSize(released) + (sameChunk ? 0 : SegmentCodec.Writer.chunkOverhead(caseId));
            if (w.size() + extra > limit && firstCase >= 0) {
                flush();
                sameChunk = false;
            }
            if (firstCase < 0) {
                firstCase = caseOrdinal;
                firstEvent = event;
            }
            if (!sameChunk) w.startChunk(caseId, caseEvents);
            w.event(released);
            lastCase = caseOrdinal;
            endEvent = event + 1;
        }

        void flush() {
            if (firstCase < 0) return;
            out.add(new Slice(firstCase, firstEvent, lastCase, endEvent));
            firstCase = -1;
            lastCase = -1;
            w = new SegmentCodec.Writer(false);
        }
    }
}
