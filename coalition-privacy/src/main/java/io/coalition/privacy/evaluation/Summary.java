package io.coalition.privacy.evaluation;

import java.util.List;

/**
 * Mean and sample standard deviation (n - 1) of the values of several runs; std is 0 for a single run. NaN values
 * (a run without output) are skipped and counted in {@code missing}.
 */
public record Summary(double mean, double std, int n, int missing) {
    public static Summary of(List<Double> values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isNaN(v)) continue;
            sum += v;
            n++;
        }
        int missing = values.size() - n;
        if (n == 0) return new Summary(Double.NaN, Double.NaN, 0, missing);
        double mean = sum / n;
        double sq = 0;
        for (double v : values) if (!Double.isNaN(v)) sq += (v - mean) * (v - mean);
        return new Summary(mean, n > 1 ? Math.sqrt(sq / (n - 1)) : 0, n, missing);
    }
}
