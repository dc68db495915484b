package io.coalition.privacy.markov;

import io.coalition.privacy.PrivacyException;
import io.coalition.privacy.PublicAlphabet;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Parameters of the higher-order (variable-order Markov) sequence release, an extension beside BPRCS Algorithm 1
 * (see the module README).
 *
 * @param epsilon       the total budget, the guarantee per contributing organization (all m of its sequences)
 * @param perOrgLimit   m: at most this many sequences of one organization are used
 * @param maxLength     k: a public bound on the sequence length; longer sequences are truncated and count no end
 * @param order         h: the longest context (number of preceding services) a transition is conditioned on; the
 *                      counts of every context length 1..h are released, each with epsilon/h
 * @param pruneScales   post-processing: noisy counts below {@code pruneScales * scale} become 0
 * @param backoffScales post-processing: the walk uses a context of length j > 1 only when its noisy row total reaches
 *                      {@code backoffScales * scale}; otherwise it backs off to length j - 1
 * @param alphabet      the public activity domain; null takes it from the data, which the guarantee does not cover
 *                      (see {@link PublicAlphabet})
 */
public record MarkovParameters(BigDecimal epsilon, int perOrgLimit, int maxLength, int order, int pruneScales,
                               int backoffScales, PublicAlphabet alphabet) {
    /** The largest order accepted (contexts are packed into a long). */
    public static final int MAX_ORDER = 8;

    public MarkovParameters {
        Objects.requireNonNull(epsilon, "epsilon");
        if (epsilon.signum() <= 0) throw new PrivacyException("epsilon must be positive, got " + epsilon);
        if (perOrgLimit < 1) throw new PrivacyException("per-organization limit m must be at least 1, got " + perOrgLimit);
        if (maxLength < 1) throw new PrivacyException("maximum sequence length k must be at least 1, got " + maxLength);
        if (order < 1 || order > MAX_ORDER) {
            throw new PrivacyException("Markov order must be between 1 and " + MAX_ORDER + ", got " + order);
        }
        if (pruneScales < 0) throw new PrivacyException("prune threshold must be >= 0 scales, got " + pruneScales);
        if (backoffScales < 0) throw new PrivacyException("back-off threshold must be >= 0 scales, got " + backoffScales);
    }

    /** Data-derived domain. */
    public MarkovParameters(BigDecimal epsilon, int perOrgLimit, int maxLength, int order, int pruneScales,
                            int backoffScales) {
        this(epsilon, perOrgLimit, maxLength, order, pruneScales, backoffScales, null);
    }

    /** Order h with the defaults used in the evaluation: prune 3 scales, back off below 10 scales. */
    public static MarkovParameters of(BigDecimal epsilon, int perOrgLimit, int maxLength, int order) {
        return new MarkovParameters(epsilon, perOrgLimit, maxLength, order, 3, 10);
    }

    public MarkovParameters withPruneScales(int scales) {
        return new MarkovParameters(epsilon, perOrgLimit, maxLength, order, scales, backoffScales, alphabet);
    }

    /** The same parameters over a public activity domain (null: taken from the data). */
    public MarkovParameters withAlphabet(PublicAlphabet a) {
        return new MarkovParameters(epsilon, perOrgLimit, maxLength, order, pruneScales, backoffScales, a);
    }

    public MarkovParameters withBackoffScales(int scales) {
        return new MarkovParameters(epsilon, perOrgLimit, maxLength, order, pruneScales, scales, alphabet);
    }
}
