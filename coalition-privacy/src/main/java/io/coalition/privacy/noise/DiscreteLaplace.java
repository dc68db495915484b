package io.coalition.privacy.noise;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exact discrete Laplace noise: {@code P(x) = (1-p)/(1+p) * p^|x|} with {@code p = exp(-1/scale)}, for integer x.
 *
 * <p>Sampled with the algorithm of Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy"
 * (NeurIPS 2020), Algorithm 2, using only integer arithmetic and uniform integers: no floating-point Laplace
 * (Mironov 2012 showed its rounding leaks). Adding it to an integer query of L1 sensitivity {@code Δ} with
 * {@code scale = Δ/ε} gives ε-differential privacy (the ratio of the pmf at neighbouring points is exactly
 * {@code exp(1/scale)}).
 *
 * <p>The scale is a rational {@code numerator/denominator}; {@link #forSensitivity} builds it exactly from a
 * decimal epsilon. Callers pass a {@link java.security.SecureRandom} in production; tests pass a seeded one.
 */
public record DiscreteLaplace(long numerator, long denominator) {

    public DiscreteLaplace {
        if (numerator <= 0 || denominator <= 0) {
            throw new IllegalArgumentException("discrete Laplace scale must be positive, got "
                    + numerator + "/" + denominator);
        }
        long g = BigInteger.valueOf(numerator).gcd(BigInteger.valueOf(denominator)).longValue();
        numerator /= g;
        denominator /= g;
    }

    /** Noise for a query of L1 {@code sensitivity} under budget {@code epsilon}: scale = sensitivity / epsilon. */
    public static DiscreteLaplace forSensitivity(long sensitivity, BigDecimal epsilon) {
        Objects.requireNonNull(epsilon, "epsilon");
        if (sensitivity <= 0) throw new IllegalArgumentException("sensitivity must be positive, got " + sensitivity);
        if (epsilon.signum() <= 0) throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
        BigDecimal e = epsilon.stripTrailingZeros();
        // epsilon = unscaled / 10^scale, so sensitivity/epsilon = sensitivity * 10^scale / unscaled (exact).
        BigInteger num = BigInteger.valueOf(sensitivity);
        BigInteger den = e.unscaledValue();
        if (e.scale() >= 0) num = num.multiply(BigInteger.TEN.pow(e.scale()));
        else den = den.multiply(BigInteger.TEN.pow(-e.scale()));
        BigInteger g = num.gcd(den);
        try {
            return new DiscreteLaplace(num.divide(g).longValueExact(), den.divide(g).longValueExact());
        } catch (ArithmeticException ex) {
            throw new IllegalArgumentException("noise scale " + sensitivity + "/" + epsilon
                    + " is not representable; use fewer decimal places in epsilon", ex);
        }
    }

    /** The scale b as a double, for reporting only (sampling never uses it). */
    public double scale() {
        return (double) numerator / denominator;
    }

    /** The variance 2p/(1-p)^2 with p = exp(-1/b), for tests and reports. */
    public double variance() {
        double p = Math.exp(-1.0 / scale());
        return 2 * p / ((1 - p) * (1 - p));
    }

    /** One sample. */
    public long sample(RandomGenerator rng) {
        // CKS Algorithm 2 with scale t/s: t = numerator, s = denominator.
        long t = numerator;
        long s = denominator;
        while (true) {
            long u = rng.nextLong(t);
            if (!bernoulliExp(rng, u, t)) continue;
            long v = 0;
            while (bernoulliExp(rng, 1, 1)) v++;
            long x = Math.addExact(u, Math.multiplyExact(t, v));
            long y = x / s;
            boolean negative = rng.nextBoolean();
            if (negative && y == 0) continue;
            return negative ? -y : y;
        }
    }

    /** {@code value + noise}. */
    public long addTo(long value, RandomGenerator rng) {
        return Math.addExact(value, sample(rng));
    }

    /** Bernoulli(exp(-n/d)) exactly, for n >= 0, d > 0 (CKS Algorithm 1). */
    static boolean bernoulliExp(RandomGenerator rng, long n, long d) {
        while (n > d) {
            if (!bernoulliExpAtMostOne(rng, 1, 1)) return false;
            n -= d;
        }
        return bernoulliExpAtMostOne(rng, n, d);
    }

    private static boolean bernoulliExpAtMostOne(RandomGenerator rng, long n, long d) {
        if (n == 0) return true;
        long k = 1;
        // A ~ Bernoulli(n / (d k)) until it fails; exp(-n/d) = P(the stopping k is odd).
        while (rng.nextLong(Math.multiplyExact(d, k)) < n) k++;
        return (k & 1) == 1;
    }
}
