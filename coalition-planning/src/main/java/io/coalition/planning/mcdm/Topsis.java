package io.coalition.planning.mcdm;

import io.coalition.planning.PlanningException;

/**
 * Crisp TOPSIS (Hwang and Yoon): normalise each column, multiply by the weights, take the column maximum
 * and minimum of the weighted matrix as positive and negative ideal (normalisation already turned cost
 * columns into "higher is better"), and score each row by D- / (D- + D+) with Euclidean distances.
 * Normalisations as in pymcdm: min-max (benefit (x-min)/(max-min), cost (max-x)/(max-min)) and vector
 * (benefit x/||x||, cost 1 - x/||x||).
 */
public final class Topsis {
    public enum Normalization { MIN_MAX, VECTOR }

    private Topsis() {
    }

    /** Closeness in [0, 1] per row; {@code benefit[j]} false marks a cost criterion. */
    public static double[] scores(double[][] matrix, double[] weights, boolean[] benefit, Normalization normalization) {
        double[][] nm = normalize(matrix, benefit, normalization);
        int m = nm.length, n = nm[0].length;
        if (weights.length != n) {
            throw new PlanningException("TOPSIS: " + weights.length + " weights for " + n + " criteria");
        }
        double[] best = new double[n], worst = new double[n];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(worst, Double.POSITIVE_INFINITY);
        for (double[] row : nm) {
            for (int j = 0; j < n; j++) {
                row[j] *= weights[j];
                best[j] = Math.max(best[j], row[j]);
                worst[j] = Math.min(worst[j], row[j]);
            }
        }
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            double dp = 0, dm = 0;
            for (int j = 0; j < n; j++) {
                dp += (nm[i][j] - best[j]) * (nm[i][j] - best[j]);
                dm += (nm[i][j] - worst[j]) * (nm[i][j] - worst[j]);
            }
            out[i] = Math.sqrt(dm) / (Math.sqrt(dm) + Math.sqrt(dp));
        }
        return out;
    }

    /** The normalised copy of {@code matrix}. */
    public static double[][] normalize(double[][] matrix, boolean[] benefit, Normalization normalization) {
        int m = matrix.length;
        if (m == 0) throw new PlanningException("decision matrix has no alternatives");
        int n = matrix[0].length;
        if (benefit.length != n) throw new PlanningException("TOPSIS: " + benefit.length + " criterion types for " + n + " criteria");
        double[][] out = new double[m][n];
        for (int j = 0; j < n; j++) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sq = 0;
            for (int i = 0; i < m; i++) {
                if (matrix[i].length != n) throw new PlanningException("TOPSIS: row " + (i + 1) + " has " + matrix[i].length + " values, expected " + n);
                min = Math.min(min, matrix[i][j]);
                max = Math.max(max, matrix[i][j]);
                sq += matrix[i][j] * matrix[i][j];
            }
            double norm = Math.sqrt(sq);
            for (int i = 0; i < m; i++) {
                double x = matrix[i][j];
                if (normalization == Normalization.MIN_MAX) {
                    // a constant column carries no information: every alternative is equally good there
                    out[i][j] = max == min ? 1.0 : benefit[j] ? (x - min) / (max - min) : (max - x) / (max - min);
                } else {
                    out[i][j] = benefit[j] ? x / norm : 1 - x / norm;
                }
            }
        }
        return out;
    }
}
