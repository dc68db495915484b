package io.coalition.planning.mcdm;

import io.coalition.planning.PlanningException;

/** Random consistency indices RI(n) for AHP's consistency ratio CR = CI / RI(n). */
public enum RandomIndex {
    /** Saaty (2005, p. 31), n = 1..15, as used by AHPy {@code random_index='saaty'}. */
    SAATY(new int[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
            new double[]{0, 0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59}),
    /** Donegan and Dodd (1991), n = 3..100, linearly interpolated between listed sizes (AHPy's default). */
    DONEGAN_DODD(new int[]{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100},
            new double[]{0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055, 1.4213, 1.4497, 1.4643, 1.4822,
                    1.4969, 1.5078, 1.5153, 1.5262, 1.5313, 1.5371, 1.5619, 1.5772, 1.5976, 1.6102, 1.6178, 1.6237,
                    1.6277, 1.6213, 1.6339});

    private final int[] sizes;
    private final double[] values;

    RandomIndex(int[] sizes, double[] values) {
        this.sizes = sizes;
        this.values = values;
    }

    /** RI(n); 0 for n below 3 (every reciprocal matrix of order 1 or 2 is consistent). */
    public double of(int n) {
        if (n < 3) return 0.0;
        if (n > sizes[sizes.length - 1]) {
            throw new PlanningException("the " + this + " random index table covers n <= " + sizes[sizes.length - 1]
                    + ", matrix has n = " + n);
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] == n) return values[i];
            if (sizes[i] > n) {
                double t = (double) (n - sizes[i - 1]) / (sizes[i] - sizes[i - 1]);
                return values[i - 1] + t * (values[i] - values[i - 1]);
            }
        }
        throw new IllegalStateException("unreachable for n = " + n);
    }
}
