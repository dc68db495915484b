package io.coalition.planning.mcdm;

import io.coalition.planning.PlanningException;

import java.util.Arrays;

/**
 * TOPSIS on interval grey numbers, formulated as GreyDecision.jl's {@code topsis} (which reproduces
 * ../shared/data/mcdm/oracles.json): each column divided by its grey Euclidean norm sqrt(sum x^2); columns
 * multiplied by the weights (normalised to sum 1); the ideal is the column maximum for a benefit criterion and
 * the minimum for a cost criterion (lexicographic grey order), the anti-ideal the opposite; grey Euclidean
 * distances d+ and d- to both; the closeness d- / (d- + d+) is itself a grey number.
 */
public final class GreyTopsis {
    private GreyTopsis() {
    }

    /** Grey closeness per alternative (row); {@code benefit[j]} says whether criterion j is maximised. */
    public static GreyNumber[] closeness(GreyNumber[][] matrix, double[] weights, boolean[] benefit) {
        int m = matrix.length;
        if (m == 0) throw new PlanningException("grey decision matrix has no alternatives");
        int n = matrix[0].length;
        if (weights.length != n) throw new PlanningException("grey TOPSIS: " + weights.length + " weights for " + n + " criteria");
        if (benefit.length != n) throw new PlanningException("grey TOPSIS: " + benefit.length + " criterion types for " + n + " criteria");
        for (int i = 0; i < m; i++) {
            if (matrix[i].length != n) throw new PlanningException("grey TOPSIS: row " + (i + 1) + " has " + matrix[i].length + " values, expected " + n);
        }
        double wsum = Arrays.stream(weights).sum();
        GreyNumber[][] v = new GreyNumber[m][n];
        GreyNumber[] ideal = new GreyNumber[n], anti = new GreyNumber[n];
        for (int j = 0; j < n; j++) {
            GreyNumber sq = GreyNumber.of(0);
            for (int i = 0; i < m; i++) sq = sq.plus(matrix[i][j].pow(2));
            GreyNumber norm = sq.pow(0.5);
            for (int i = 0; i < m; i++) v[i][j] = matrix[i][j].divide(norm).times(weights[j] / wsum);
            GreyNumber max = v[0][j], min = v[0][j];
            for (int i = 1; i < m; i++) {
                if (v[i][j].compareTo(max) > 0) max = v[i][j];
                if (v[i][j].compareTo(min) < 0) min = v[i][j];
            }
            ideal[j] = benefit[j] ? max : min;
            anti[j] = benefit[j] ? min : max;
        }
        GreyNumber[] out = new GreyNumber[m];
        for (int i = 0; i < m; i++) {
            GreyNumber plus = distance(v[i], ideal), minus = distance(v[i], anti);
            out[i] = minus.divide(minus.plus(plus));
        }
        return out;
    }

    private static GreyNumber distance(GreyNumber[] a, GreyNumber[] b) {
        GreyNumber s = GreyNumber.of(0);
        for (int j = 0; j < a.length; j++) s = s.plus(b[j].minus(a[j]).pow(2));
        return s.pow(0.5);
    }
}
