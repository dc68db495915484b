package io.coalition.trustedmining;

import java.util.Arrays;
import java.util.Locale;

/** What the Trusted Miner may compute on the merged log; each provider's {@link UsagePolicy} lists the ones it allows. */
public enum Analysis {
    /** Heuristics Miner with CONFINE's parameters ({@code HeuristicsParameters.CONFINE}) and its Petri net. */
    HEURISTICS,
    /** Directly-follows graph with frequencies and durations. */
    DFG,
    /** Inductive Miner (IM, no noise filtering) process tree and workflow net. */
    INDUCTIVE,
    /**
     * pm4py 1.x's DFG-based Inductive Miner (IMd, no noise filtering): mined from the directly-follows graph alone,
     * so the miner keeps only activities and edges; its model need not fit the log. Exclusive with {@link #INDUCTIVE}
     * (both produce the result's inductive model).
     */
    INDUCTIVE_DFG,
    /** Declare discovery (CONFINE's 16 templates, support and confidence 0.8). */
    DECLARE,
    /** Declare conformance of every merged case against a given model (CONFINE's declareConformance). */
    DECLARE_CONFORMANCE;

    /** The lower-case name used on the command line and in reports. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a lower- or upper-case name; the message lists the valid ones. */
    public static Analysis parse(String name) {
        for (Analysis a : values()) {
            if (a.id().equalsIgnoreCase(name)) return a;
        }
        throw new TrustedMiningException("unknown analysis '" + name + "', expected one of "
                + Arrays.stream(values()).map(Analysis::id).toList());
    }
}
