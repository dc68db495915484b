package io.coalition.trustedmining;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.Trace;
import io.coalition.mining.heuristics.HeuristicsNet;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.heuristics.IncrementalHeuristicsMiner;
import io.coalition.mining.log.IndexedLog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the Trusted Miner puts a case the moment it is complete, so the case's events can be dropped: the
 * Heuristics Miner counts it incrementally ({@link IncrementalHeuristicsMiner}, nothing of the case is kept);
 * analyses that need the whole log (DFG with durations, Inductive Miner, Declare) keep only its activity names
 * (interned) and timestamps, 16 bytes per event instead of the event with its attributes. Cases are kept by
 * ordinal (order of first appearance in the providers' indexes), so the log they form, and every result, does not
 * depend on the order in which cases complete.
 */
final class CaseFeed {
    private static final Set<Analysis> NEED_LOG = EnumSet.of(Analysis.DFG, Analysis.INDUCTIVE, Analysis.DECLARE,
            Analysis.DECLARE_CONFORMANCE);

    private final IncrementalHeuristicsMiner heuristics;
    private final boolean keepLog;
    private final Map<String, String> activities = new HashMap<>();
    private final List<Compact> cases = new ArrayList<>();
    private int fed;

    private record Compact(String caseId, String[] activities, long[] times) {
    }

    CaseFeed(Set<Analysis> wanted) {
        this.heuristics = wanted.contains(Analysis.HEURISTICS) ? new IncrementalHeuristicsMiner(HeuristicsParameters.CONFINE) : null;
        this.keepLog = wanted.stream().anyMatch(NEED_LOG::contains);
    }

    /** A complete merged case; {@code ordinal} is its position in the result log. */
    void add(int ordinal, Trace trace) {
        List<Event> es = trace.events();
        String[] names = new String[es.size()];
        long[] times = new long[es.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = Classifier.ACTIVITY.classOf(es.get(i).attributes());
            Instant t = es.get(i).timestamp();
            times[i] = t == null ? IndexedLog.NO_TIME : t.toEpochMilli();
        }
        add(ordinal, trace.caseId(), names, times);
    }

    /**
     * A complete merged case as columns (what the miner's columnar path produces): activity names and epoch
     * milliseconds ({@link IndexedLog#NO_TIME} for none), in merged order. The arrays are kept; callers hand them over.
     */
    void add(int ordinal, String caseId, String[] names, long[] times) {
        if (heuristics != null) heuristics.add(java.util.Arrays.asList(names));
        if (keepLog) {
            for (int i = 0; i < names.length; i++) names[i] = activities.computeIfAbsent(names[i], k -> k);
            while (cases.size() <= ordinal) cases.add(null);
            if (cases.get(ordinal) != null) throw new IllegalStateException("case ordinal " + ordinal + " fed twice");
            cases.set(ordinal, new Compact(caseId, names, times));
        }
        fed++;
    }

    int fed() {
        return fed;
    }

    Optional<HeuristicsNet> heuristics() {
        return heuristics == null ? Optional.empty() : Optional.of(heuristics.model());
    }

    /** The log of the kept cases in ordinal order, when an analysis needs it. */
    Optional<IndexedLog> log() {
        if (!keepLog) return Optional.empty();
        IndexedLog.Builder b = IndexedLog.builder();
        for (Compact c : cases) {
            if (c == null) throw new IllegalStateException("a case ordinal was never fed");
            b.add(c.caseId(), List.of(c.activities()), c.times());
        }
        return Optional.of(b.build());
    }
}
