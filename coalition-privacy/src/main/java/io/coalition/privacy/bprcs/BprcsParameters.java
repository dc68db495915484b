package io.coalition.privacy.bprcs;

import io.coalition.privacy.PrivacyException;

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
 */
public record BprcsParameters(BigDecimal epsilon, int perOrgLimit, int maxLength,
                              Map<String, List<String>> parameterDomains, int pruneScales) {
    /** The bin of a parameter value outside its declared domain. */
    public static final String OTHER = "other";

    public BprcsParameters {
        Objects.requireNonNull(epsilon, "epsilon");
        if (epsilon.signum() <= 0) throw new PrivacyException("epsilon must be positive, got " + epsilon);
        if (perOrgLimit < 1) throw new PrivacyException("per-organization limit m must be at least 1, got " + perOrgLimit);
        if (maxLength < 1) throw new PrivacyException("maximum sequence length k must be at least 1, got " + maxLength);
        if (pruneScales < 0) throw new PrivacyException("prune threshold must be >= 0 scales, got " + pruneScales);
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
        return new BprcsParameters(epsilon, perOrgLimit, maxLength, domains, pruneScales);
    }

    public BprcsParameters withPruneScales(int scales) {
        return new BprcsParameters(epsilon, perOrgLimit, maxLength, parameterDomains, scales);
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
