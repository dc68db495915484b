package io.coalition.privacy.bprcs;

import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.PublicAlphabet;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Parameters of BPRCS Algorithm 1 (seed 002 §4.1) as corrected here (see the module README).
 *
 * @param epsilon          the total budget, the guarantee per contributing organization (all m of its sequences)
 * @param perOrgLimit      m: at most this many sequences of one organization are used (seed 002 §3.3 uses 3)
 * @param maxLength        k: a public bound on the sequence length; longer sequences are truncated to their first k
 *                         invocations (the paper takes k from the data, which leaks the longest sequence)
 * @param parameterDomains public value domains of the parameters whose distributions are released; values outside
 *                         the domain count as {@link #OTHER}, parameters not listed are dropped from the output
 * @param pruneScales      post-processing: noisy edge counts below {@code pruneScales * scale} are set to 0
 *                         (0 = the paper's plain clamping at zero)
 * @param walk             how sequences are regenerated
 * @param alphabet         the public activity domain; null takes it from the data, which the guarantee does not
 *                         cover (see {@link PublicAlphabet})
 */
public record BprcsParameters(BigDecimal epsilon, int perOrgLimit, int maxLength,
                              Map<String, List<String>> parameterDomains, int pruneScales, Walk walk,
                              PublicAlphabet alphabet) {
    /** The bin of a parameter value outside its declared domain. */
    public static final String OTHER = "other";

    /** How sequences are regenerated from the noisy graph. */
    public enum Walk {
        /**
         * Algorithm 1 lines 9-17: for each start v and each (length, count) of slen(v), count walks of that length
         * (a walk stops early only at a node without out-edges). A walk ends wherever its length runs out.
         */
        PAPER,
        /**
         * Not in the paper: the graph also counts, per service, the (untruncated) sequences that end there (an edge
         * to a virtual end node, released with the edge counts; sensitivity m·k instead of m·(k-1)). slen(v) gives
         * only the number of walks from v; each walk follows the noisy out-edges and the end edge until it takes
         * the end edge, and is dropped if it has not ended after k services. Walks end where sequences end.
         */
        END_AWARE
    }

    /** The paper's walk, data-derived domain (the canonical constructor of earlier releases). */
    public BprcsParameters(BigDecimal epsilon, int perOrgLimit, int maxLength, Map<String, List<String>> parameterDomains,
                           int pruneScales) {
        this(epsilon, perOrgLimit, maxLength, parameterDomains, pruneScales, Walk.PAPER, null);
    }

    /** Data-derived domain. */
    public BprcsParameters(BigDecimal epsilon, int perOrgLimit, int maxLength, Map<String, List<String>> parameterDomains,
                           int pruneScales, Walk walk) {
        this(epsilon, perOrgLimit, maxLength, parameterDomains, pruneScales, walk, null);
    }

    public BprcsParameters {
        Objects.requireNonNull(epsilon, "epsilon");
        if (epsilon.signum() <= 0) throw new PrivacyException("epsilon must be positive, got " + epsilon);
        if (perOrgLimit < 1) throw new PrivacyException("per-organization limit m must be at least 1, got " + perOrgLimit);
        if (maxLength < 1) throw new PrivacyException("maximum sequence length k must be at least 1, got " + maxLength);
        if (pruneScales < 0) throw new PrivacyException("prune threshold must be >= 0 scales, got " + pruneScales);
        Objects.requireNonNull(walk, "walk");
        TreeMap<String, List<String>> d = new TreeMap<>();
        for (var e : Objects.requireNonNull(parameterDomains, "parameterDomains").entrySet()) {
            if (e.getValue().isEmpty()) throw new PrivacyException("parameter '" + e.getKey() + "' has an empty domain");
            d.put(e.getKey(), List.copyOf(e.getValue()));
        }
        parameterDomains = Collections.unmodifiableMap(d);
    }

    /** Activities only: no parameter distributions, no pruning. */
    public static BprcsParameters of(BigDecimal epsilon, int perOrgLimit, int maxLength) {
        return new BprcsParameters(epsilon, perOrgLimit, maxLength, Map.of(), 0);
    }

    public BprcsParameters withParameterDomains(Map<String, List<String>> domains) {
        return new BprcsParameters(epsilon, perOrgLimit, maxLength, domains, pruneScales, walk, alphabet);
    }

    public BprcsParameters withPruneScales(int scales) {
        return new BprcsParameters(epsilon, perOrgLimit, maxLength, parameterDomains, scales, walk, alphabet);
    }

    public BprcsParameters withWalk(Walk w) {
        return new BprcsParameters(epsilon, perOrgLimit, maxLength, parameterDomains, pruneScales, w, alphabet);
    }

    /** The same parameters over a public activity domain (null: taken from the data). */
    public BprcsParameters withAlphabet(PublicAlphabet a) {
        return new BprcsParameters(epsilon, perOrgLimit, maxLength, parameterDomains, pruneScales, walk, a);
    }

    /** The budget for edge counts: half of epsilon with parameters, 3/5 without. */
    BigDecimal edgeEpsilon() {
        return epsilon.multiply(parameterDomains.isEmpty() ? new BigDecimal("0.6") : new BigDecimal("0.5"));
    }

    /** The budget for slen: a quarter with parameters, 2/5 without. */
    BigDecimal lengthEpsilon() {
        return epsilon.multiply(parameterDomains.isEmpty() ? new BigDecimal("0.4") : new BigDecimal("0.25"));
    }

    /** The budget for the parameter histograms: the rest. */
    BigDecimal parameterEpsilon() {
        return epsilon.subtract(edgeEpsilon()).subtract(lengthEpsilon());
    }
}
