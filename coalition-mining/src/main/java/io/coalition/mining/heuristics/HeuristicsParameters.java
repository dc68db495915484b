package io.coalition.mining.heuristics;

import java.util.Objects;

/**
 * Parameters of the {@link HeuristicsMiner}.
 *
 * <p>Dependency a=&gt;b = (|a&gt;b| - |b&gt;a|) / (|a&gt;b| + |b&gt;a| + 1); length-one loop a=&gt;a =
 * |a&gt;a| / (|a&gt;a| + 1); length-two loop a=&gt;2b = (|aba| + |bab|) / (|aba| + |bab| + 1); AND measure of the
 * outputs b, c of a = (|b&gt;c| + |c&gt;b|) / (|a&gt;b| + |a&gt;c| + 1) (inputs: |b&gt;a| + |c&gt;a| below the line),
 * after Weijters and Ribeiro, Flexible Heuristics Miner (FHM), CIDM 2011.
 *
 * @param dependencyThreshold    minimum dependency of a kept edge (length-one loops included)
 * @param andThreshold           AND measure from which two outputs (inputs) are concurrent; see {@link Semantics}
 * @param minActivityCount       minimum number of events of both ends of a kept edge
 * @param minDfgOccurrences      minimum |a&gt;b| of a kept edge (CONFINE's "minimum observations")
 * @param lengthOneLoops         whether self-loops a-&gt;a may be kept
 * @param lengthTwoLoops         whether length-two loops are added (edges a-&gt;b, b-&gt;a with dependency 0)
 * @param loopLengthTwoThreshold minimum a=&gt;2b for a length-two loop
 * @param dfgNoiseThreshold      pm4py's {@code dfg_pre_cleaning_noise_thresh}: before anything else, drop an
 *                               edge a&gt;b whose count is below min(max(a) * t, max(b) * t), max(x) being the
 *                               largest count of an edge into or out of x; 0 disables it
 * @param semantics              whose reading of the measures and of the Petri net conversion to follow
 */
public record HeuristicsParameters(double dependencyThreshold, double andThreshold, long minActivityCount,
                                   long minDfgOccurrences, boolean lengthOneLoops, boolean lengthTwoLoops,
                                   double loopLengthTwoThreshold, double dfgNoiseThreshold, Semantics semantics) {

    /** Where two implementations read the same measures differently. */
    public enum Semantics {
        /**
         * pm4py's classic variant: double arithmetic; outputs are AND when the measure is {@code >=} the threshold
         * and AND groups are the maximal cliques of that relation; length-two loops need not exclude length-one
         * loops; no "all tasks connected" step; Petri net as pm4py's heuristics-net converter builds it.
         */
        PM4PY,
        /**
         * CONFINE's Go implementation (Process-in-Chains/CONFINE, heuristicMiner.go): float32 arithmetic; outputs
         * b and c are exclusive (one place) when the measure is {@code <=} the threshold, concurrent otherwise;
         * length-two loops (off in the preset, as CONFINE has none) follow Weijters and skip activities with a
         * length-one loop; Petri net from the causal matrix: one place per input/output set, a source place
         * {@code P0} for activities without inputs and one sink place per activity without outputs.
         */
        CONFINE
    }

    /** CONFINE's settings: dependency 0.3, minimum observations 10, AND threshold 0.1. */
    public static final HeuristicsParameters CONFINE =
            new HeuristicsParameters(0.3, 0.1, 1, 10, true, false, 0.3, 0, Semantics.CONFINE);

    /**
     * pm4py's defaults: dependency 0.5, AND 0.65, minimum activity count 1, minimum DFG occurrences 1, loop-two
     * 0.5, and DFG pre-cleaning noise threshold 0.05 (pm4py's default, applied by its classic variant).
     */
    public static final HeuristicsParameters PM4PY =
            new HeuristicsParameters(0.5, 0.65, 1, 1, true, true, 0.5, 0.05, Semantics.PM4PY);

    public HeuristicsParameters {
        Objects.requireNonNull(semantics, "semantics");
        if (!(dependencyThreshold >= -1 && dependencyThreshold <= 1)) {
            throw new IllegalArgumentException("dependencyThreshold must be in [-1, 1], was " + dependencyThreshold);
        }
        if (!(andThreshold >= 0)) throw new IllegalArgumentException("andThreshold must be >= 0, was " + andThreshold);
        if (!(loopLengthTwoThreshold >= 0 && loopLengthTwoThreshold <= 1)) {
            throw new IllegalArgumentException("loopLengthTwoThreshold must be in [0, 1], was " + loopLengthTwoThreshold);
        }
        if (!(dfgNoiseThreshold >= 0 && dfgNoiseThreshold <= 1)) {
            throw new IllegalArgumentException("dfgNoiseThreshold must be in [0, 1], was " + dfgNoiseThreshold);
        }
        if (minActivityCount < 0) throw new IllegalArgumentException("minActivityCount must be >= 0, was " + minActivityCount);
        if (minDfgOccurrences < 1) throw new IllegalArgumentException("minDfgOccurrences must be >= 1, was " + minDfgOccurrences);
    }

    public HeuristicsParameters withDependencyThreshold(double v) {
        return new HeuristicsParameters(v, andThreshold, minActivityCount, minDfgOccurrences, lengthOneLoops,
                lengthTwoLoops, loopLengthTwoThreshold, dfgNoiseThreshold, semantics);
    }

    public HeuristicsParameters withAndThreshold(double v) {
        return new HeuristicsParameters(dependencyThreshold, v, minActivityCount, minDfgOccurrences, lengthOneLoops,
                lengthTwoLoops, loopLengthTwoThreshold, dfgNoiseThreshold, semantics);
    }

    public HeuristicsParameters withMinActivityCount(long v) {
        return new HeuristicsParameters(dependencyThreshold, andThreshold, v, minDfgOccurrences, lengthOneLoops,
                lengthTwoLoops, loopLengthTwoThreshold, dfgNoiseThreshold, semantics);
    }

    public HeuristicsParameters withMinDfgOccurrences(long v) {
        return new HeuristicsParameters(dependencyThreshold, andThreshold, minActivityCount, v, lengthOneLoops,
                lengthTwoLoops, loopLengthTwoThreshold, dfgNoiseThreshold, semantics);
    }

    public HeuristicsParameters withLoops(boolean lengthOne, boolean lengthTwo) {
        return new HeuristicsParameters(dependencyThreshold, andThreshold, minActivityCount, minDfgOccurrences,
                lengthOne, lengthTwo, loopLengthTwoThreshold, dfgNoiseThreshold, semantics);
    }

    public HeuristicsParameters withLoopLengthTwoThreshold(double v) {
        return new HeuristicsParameters(dependencyThreshold, andThreshold, minActivityCount, minDfgOccurrences,
                lengthOneLoops, lengthTwoLoops, v, dfgNoiseThreshold, semantics);
    }

    public HeuristicsParameters withDfgNoiseThreshold(double v) {
        return new HeuristicsParameters(dependencyThreshold, andThreshold, minActivityCount, minDfgOccurrences,
                lengthOneLoops, lengthTwoLoops, loopLengthTwoThreshold, v, semantics);
    }
}
