package io.coalition.mining;

import io.coalition.eventlog.Classifier;
import io.coalition.eventlog.EventLog;
import io.coalition.mining.alpha.AlphaMiner;
import io.coalition.mining.declare.DeclareDiscovery;
import io.coalition.mining.declare.DeclareModel;
import io.coalition.mining.dfg.Dfg;
import io.coalition.mining.heuristics.HeuristicsMiner;
import io.coalition.mining.heuristics.HeuristicsNet;
import io.coalition.mining.heuristics.HeuristicsParameters;
import io.coalition.mining.inductive.InductiveMiner;
import io.coalition.mining.tree.TreeToPetriNet;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.tree.ProcessTree;

/**
 * One way in for process discovery: build the {@link IndexedLog} once ({@link #index}) and pass it to each
 * algorithm. The CLI and HTTP layers call these methods.
 */
public final class Discovery {
    private Discovery() {
    }

    /** The activity-indexed view of {@code log} under the activity classifier ({@code concept:name}). */
    public static IndexedLog index(EventLog log) {
        return IndexedLog.of(log, Classifier.ACTIVITY);
    }

    /** The directly-follows graph with frequencies and, where timestamps allow, durations. */
    public static Dfg dfg(IndexedLog log) {
        return Dfg.of(log);
    }

    /** The classic Alpha algorithm's workflow net. */
    public static AcceptingPetriNet alpha(IndexedLog log) {
        return AlphaMiner.mine(log);
    }

    /** The heuristics net under {@code params} (e.g. {@link HeuristicsParameters#PM4PY}). */
    public static HeuristicsNet heuristicsNet(IndexedLog log, HeuristicsParameters params) {
        return HeuristicsMiner.mine(log, params);
    }

    /** The Heuristics Miner's Petri net under {@code params}. */
    public static AcceptingPetriNet heuristics(IndexedLog log, HeuristicsParameters params) {
        return HeuristicsMiner.minePetriNet(log, params);
    }

    /** The Inductive Miner's process tree: IM for {@code noise} 0, IMf (pm4py semantics) otherwise. */
    public static ProcessTree inductiveTree(IndexedLog log, double noise) {
        return InductiveMiner.mine(log, noise);
    }

    /** The Inductive Miner's sound workflow net: IM for {@code noise} 0, IMf otherwise (default 0.2). */
    public static AcceptingPetriNet inductive(IndexedLog log, double noise) {
        return InductiveMiner.minePetriNet(log, noise);
    }

    /**
     * The Inductive Miner's process tree with {@code variant}'s semantics: {@code IM_CLEAN} (the default above) or
     * {@code PM4PY_FRAMEWORK}, pm4py 2.3-2.7's (its IMf models need not fit the log); {@code PM4PY_PLAIN} is IM only.
     */
    public static ProcessTree inductiveTree(IndexedLog log, double noise, InductiveMiner.Variant variant) {
        return InductiveMiner.mine(log, noise, variant);
    }

    /** ProM's Inductive Miner with its nondeterministic choices drawn from {@code orderSeed} ({@link InductiveMiner#mineProm}). */
    public static ProcessTree inductiveTreeProm(IndexedLog log, double noise, long orderSeed) {
        return InductiveMiner.mineProm(log, noise, orderSeed);
    }

    /** The workflow net of {@link #inductiveTree(IndexedLog, double, InductiveMiner.Variant)}. */
    public static AcceptingPetriNet inductive(IndexedLog log, double noise, InductiveMiner.Variant variant) {
        return TreeToPetriNet.convert(InductiveMiner.mine(log, noise, variant));
    }

    /** Declare constraints with support and confidence ratios >= the thresholds (pm4py's defaults: 0.8, 0.8). */
    public static DeclareModel declare(IndexedLog log, double minSupport, double minConfidence) {
        return DeclareDiscovery.discover(log, minSupport, minConfidence);
    }
}
