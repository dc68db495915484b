package io.coalition.bench;

import java.util.List;

/** Small statistics shared by the benchmarks. */
final class Stats {
    private Stats() {
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
