package io.coalition.privacy.prefixtree;

import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.PublicAlphabet;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Parameters of the noisy prefix tree release.
 *
 * @param epsilon         total budget per organization, split evenly over the {@code height} levels
 * @param perOrgLimit     m: sequences used per organization
 * @param height          h: public bound on the sequence length; longer sequences are truncated
 * @param thresholdScales a node is expanded (and an end count released) only when its noisy count reaches
 *                        {@code thresholdScales * scale}; this is post-processing and bounds the tree's growth
 * @param maxNodes        fail closed (no output) when the tree would exceed this many nodes
 * @param consistent      enforce Chen et al.'s consistency (post-processing): counts are non-negative and the
 *                        released children and end count of a node never sum to more than the node's own count
 * @param parameterDomains public value domains of the parameters released per released variant (empty: services
 *                        only); values outside a domain count as {@code other}, undeclared parameters are dropped
 * @param alphabet        the public activity domain; null takes it from the data, which the guarantee does not
 *                        cover (see {@link PublicAlphabet})
 */
public record PrefixTreeParameters(BigDecimal epsilon, int perOrgLimit, int height, int thresholdScales, int maxNodes,
                                   boolean consistent, Map<String, List<String>> parameterDomains,
                                   PublicAlphabet alphabet) {
    /** The bin of a parameter value outside its declared domain. */
    public static final String OTHER = "other";

    public PrefixTreeParameters {
        Objects.requireNonNull(epsilon, "epsilon");
        if (epsilon.signum() <= 0) throw new PrivacyException("epsilon must be positive, got " + epsilon);
        if (perOrgLimit < 1) throw new PrivacyException("per-organization limit m must be at least 1, got " + perOrgLimit);
        if (height < 1) throw new PrivacyException("prefix tree height h must be at least 1, got " + height);
        if (thresholdScales < 0) throw new PrivacyException("threshold must be >= 0 scales, got " + thresholdScales);
        if (maxNodes < 1) throw new PrivacyException("node limit must be at least 1, got " + maxNodes);
        TreeMap<String, List<String>> d = new TreeMap<>();
        for (var e : Objects.requireNonNull(parameterDomains, "parameterDomains").entrySet()) {
            if (e.getValue().isEmpty()) throw new PrivacyException("parameter '" + e.getKey() + "' has an empty domain");
            d.put(e.getKey(), List.copyOf(e.getValue()));
        }
        parameterDomains = Collections.unmodifiableMap(d);
    }

    /** Data-derived domain. */
    public PrefixTreeParameters(BigDecimal epsilon, int perOrgLimit, int height, int thresholdScales, int maxNodes,
                                boolean consistent, Map<String, List<String>> parameterDomains) {
        this(epsilon, perOrgLimit, height, thresholdScales, maxNodes, consistent, parameterDomains, null);
    }

    public PrefixTreeParameters(BigDecimal epsilon, int perOrgLimit, int height, int thresholdScales, int maxNodes,
                                boolean consistent) {
        this(epsilon, perOrgLimit, height, thresholdScales, maxNodes, consistent, Map.of());
    }

    /** With consistency enforcement. */
    public PrefixTreeParameters(BigDecimal epsilon, int perOrgLimit, int height, int thresholdScales, int maxNodes) {
        this(epsilon, perOrgLimit, height, thresholdScales, maxNodes, true, Map.of());
    }

    public static PrefixTreeParameters of(BigDecimal epsilon, int perOrgLimit, int height) {
        return new PrefixTreeParameters(epsilon, perOrgLimit, height, 4, 2_000_000, true, Map.of());
    }

    public PrefixTreeParameters withConsistency(boolean enforce) {
        return new PrefixTreeParameters(epsilon, perOrgLimit, height, thresholdScales, maxNodes, enforce,
                parameterDomains, alphabet);
    }

    public PrefixTreeParameters withParameterDomains(Map<String, List<String>> domains) {
        return new PrefixTreeParameters(epsilon, perOrgLimit, height, thresholdScales, maxNodes, consistent, domains, alphabet);
    }

    /** The same parameters over a public activity domain (null: taken from the data). */
    public PrefixTreeParameters withAlphabet(PublicAlphabet a) {
        return new PrefixTreeParameters(epsilon, perOrgLimit, height, thresholdScales, maxNodes, consistent,
                parameterDomains, a);
    }

    /** The budget of the tree counts: all of epsilon without parameters, 3/4 with. */
    BigDecimal treeEpsilon() {
        return parameterDomains.isEmpty() ? epsilon : epsilon.multiply(new BigDecimal("0.75"));
    }

    /** The budget of the parameter histograms: the rest. */
    BigDecimal parameterEpsilon() {
        return epsilon.subtract(treeEpsilon());
    }
}
