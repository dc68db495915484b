package io.coalition.planning.bayes;

import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * Closed-form posterior of an organization's availability theta for a task (seed 001, step 2): prior
 * Beta(alpha, beta), Binomial likelihood of {@code available} successes in {@code trials}, posterior
 * Beta(alpha + available, beta + trials - available). Mean, equal-tailed credible interval and density come
 * from Apache Commons Statistics.
 */
public record AvailabilityPosterior(double alpha, double beta) {
    public AvailabilityPosterior {
        if (!(alpha > 0) || !(beta > 0)) throw new IllegalArgumentException("Beta parameters must be > 0, got " + alpha + ", " + beta);
    }

    public static AvailabilityPosterior of(double priorAlpha, double priorBeta, int available, int trials) {
        if (available < 0 || available > trials) throw new IllegalArgumentException("need 0 <= available <= trials, got " + available + " of " + trials);
        return new AvailabilityPosterior(priorAlpha + available, priorBeta + trials - available);
    }

    public double mean() {
        return alpha / (alpha + beta);
    }

    /** Equal-tailed credible interval of the given mass (e.g. 0.95). */
    public double[] credibleInterval(double mass) {
        if (!(mass > 0 && mass < 1)) throw new IllegalArgumentException("credible mass must be in (0, 1), got " + mass);
        BetaDistribution d = BetaDistribution.of(alpha, beta);
        double tail = (1 - mass) / 2;
        return new double[]{d.inverseCumulativeProbability(tail), d.inverseCumulativeProbability(1 - tail)};
    }

    public double density(double theta) {
        return BetaDistribution.of(alpha, beta).density(theta);
    }
}
