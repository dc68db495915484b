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
