package io.coalition.trustedmining;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.Trace;
import io.coalition.mining.declare.DeclareConformance;
import io.coalition.mining.declare.DeclareModel;
import io.coalition.mining.declare.IncrementalDeclareConformance;
import io.coalition.mining.declare.IncrementalDeclareDiscovery;
import io.coalition.mining.dfg.Dfg;
import io.coalition.mining.dfg.IncrementalDfg;
import io.coalition.mining.heuristics.HeuristicsNet;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.heuristics.IncrementalHeuristicsMiner;
import io.coalition.mining.inductive.IncrementalDfgInductiveMiner;
import io.coalition.mining.inductive.IncrementalInductiveMiner;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.tree.ProcessTree;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the Trusted Miner puts a case the moment it is complete; the case is then dropped. Every analysis is
 * incremental and keeps only its own structure, never the case's events:
 * <ul>
 *   <li>Heuristics: dependency counts ({@link IncrementalHeuristicsMiner});</li>
 *   <li>DFG: activity, start, end and edge counts, and per edge its distinct durations with their counts
 *       ({@link IncrementalDfg}: exact mean and median; grows with distinct durations per edge, not cases);</li>
 *   <li>Inductive Miner: the distinct variants with counts ({@link IncrementalInductiveMiner}); IMd only the
 *       directly-follows edges and activities in order of first occurrence ({@link IncrementalDfgInductiveMiner});</li>
 *   <li>Declare discovery: counters per template and activity pair ({@link IncrementalDeclareDiscovery});</li>
 *   <li>Declare conformance: each case's result (case id, counts, violated constraints), which is the output
 *       ({@link IncrementalDeclareConformance}).</li>
 * </ul>
 * Each result equals the batch algorithm on the log of the cases in ordinal order (order of first appearance in
 * the providers' indexes), whatever order the cases complete in.
 */
final class CaseFeed {
    private final IncrementalHeuristicsMiner heuristics;
    private final IncrementalDfg dfg;
    private final IncrementalInductiveMiner inductive;
    private final IncrementalDfgInductiveMiner inductiveDfg;
    private final IncrementalDeclareDiscovery declare;
    private final IncrementalDeclareConformance conformance;
    private int fed;

    /** The sizes of what the feed keeps; none of them grows with cases except the conformance results. */
    record Kept(long dfgEdges, long dfgDurations, long variants, long variantEvents, long imdEdges,
                long declareActivities, long conformanceResults) {
    }

    CaseFeed(Set<Analysis> wanted) {
        this(wanted, Optional.empty());
    }

    /** {@code declareModel} is the model {@link Analysis#DECLARE_CONFORMANCE} checks against (required for it). */
    CaseFeed(Set<Analysis> wanted, Optional<DeclareModel> declareModel) {
        this.heuristics = wanted.contains(Analysis.HEURISTICS) ? new IncrementalHeuristicsMiner(HeuristicsParameters.CONFINE) : null;
        this.dfg = wanted.contains(Analysis.DFG) ? new IncrementalDfg() : null;
        this.inductive = wanted.contains(Analysis.INDUCTIVE) ? new IncrementalInductiveMiner() : null;
        this.inductiveDfg = wanted.contains(Analysis.INDUCTIVE_DFG) ? new IncrementalDfgInductiveMiner() : null;
        this.declare = wanted.contains(Analysis.DECLARE) ? new IncrementalDeclareDiscovery(0.8, 0.8) : null;
        if (wanted.contains(Analysis.DECLARE_CONFORMANCE)) {
            this.conformance = new IncrementalDeclareConformance(declareModel.orElseThrow(
                    () -> new TrustedMiningException("analysis 'declare-conformance' needs a Declare model")));
        } else {
            this.conformance = null;
        }
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
     * milliseconds ({@link IndexedLog#NO_TIME} for none), in merged order. Nothing of them is kept.
     */
    void add(int ordinal, String caseId, String[] names, long[] times) {
        List<String> seq = Arrays.asList(names);
        if (heuristics != null) heuristics.add(seq);
        if (dfg != null) dfg.add(names, times);
        if (inductive != null) inductive.add(ordinal, seq);
        if (inductiveDfg != null) inductiveDfg.add(ordinal, seq);
        if (declare != null) declare.add(seq);
        if (conformance != null) conformance.add(ordinal, caseId, seq);
        fed++;
    }

    int fed() {
        return fed;
    }

    Optional<HeuristicsNet> heuristics() {
        return heuristics == null ? Optional.empty() : Optional.of(heuristics.model());
    }

    Optional<Dfg> dfg() {
        return dfg == null ? Optional.empty() : Optional.of(dfg.dfg());
    }

    /**
     * IM (noise 0), as {@code Discovery.inductiveTree(log, 0.0)}, or for {@link Analysis#INDUCTIVE_DFG} IMd (noise 0),
     * as {@code Discovery.inductiveTree(log, 0.0, Variant.PM4PY_IMDF)}.
     */
    Optional<ProcessTree> inductiveTree() {
        if (inductive != null) return Optional.of(inductive.tree(0.0));
        return inductiveDfg == null ? Optional.empty() : Optional.of(inductiveDfg.tree(0.0));
    }

    /** As {@code Discovery.declare(log, 0.8, 0.8)}. */
    Optional<DeclareModel> declare() {
        return declare == null ? Optional.empty() : Optional.of(declare.model());
    }

    Optional<DeclareConformance.LogResult> conformance() {
        return conformance == null ? Optional.empty() : Optional.of(conformance.result());
    }

    Kept kept() {
        return new Kept(dfg == null ? 0 : dfg.edgeCount(), dfg == null ? 0 : dfg.keptDurations(),
                inductive == null ? 0 : inductive.variantCount(), inductive == null ? 0 : inductive.keptEvents(),
                inductiveDfg == null ? 0 : inductiveDfg.edgeCount(),
                declare == null ? 0 : declare.activityCount(), conformance == null ? 0 : conformance.caseCount());
    }
}
