package io.coalition.planning.mcdm;

/**
 * An interval grey number [lower, upper] with the arithmetic of Liu, Yang and Forrest (2017), as in
 * GreyDecision.jl: every operation returns min/max of the endpoint combinations, and a power raises both
 * endpoints (so [-1, 2]^2 = [1, 4]).
 */
public record GreyNumber(double lower, double upper) implements Comparable<GreyNumber> {
    public GreyNumber {
        if (Double.isNaN(lower) || Double.isNaN(upper)) throw new IllegalArgumentException("grey number bound is NaN");
        if (lower > upper) {
            double t = lower;
            lower = upper;
            upper = t;
        }
    }

    public static GreyNumber of(double value) {
        return new GreyNumber(value, value);
    }

    public GreyNumber plus(GreyNumber o) {
        return new GreyNumber(lower + o.lower, upper + o.upper);
    }

    public GreyNumber minus(GreyNumber o) {
        return new GreyNumber(lower - o.upper, upper - o.lower);
    }

    public GreyNumber times(double k) {
        return new GreyNumber(lower * k, upper * k);
    }

    public GreyNumber divide(GreyNumber o) {
        double a = lower / o.lower, b = lower / o.upper, c = upper / o.lower, d = upper / o.upper;
        return new GreyNumber(Math.min(Math.min(a, b), Math.min(c, d)), Math.max(Math.max(a, b), Math.max(c, d)));
    }

    public GreyNumber pow(double k) {
        return new GreyNumber(Math.pow(lower, k), Math.pow(upper, k));
    }

    /** Whitenized value with equal weight on both bounds (the midpoint). */
    public double mid() {
        return (lower + upper) / 2;
    }

    /** Lexicographic order (lower, then upper), as GreyDecision.jl's isless. */
    @Override
    public int compareTo(GreyNumber o) {
        int c = Double.compare(lower, o.lower);
        return c != 0 ? c : Double.compare(upper, o.upper);
    }
}
