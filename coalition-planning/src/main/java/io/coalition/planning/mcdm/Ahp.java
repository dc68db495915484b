package io.coalition.planning.mcdm;

import io.coalition.planning.PlanningException;

/**
 * Analytic Hierarchy Process on a complete positive reciprocal pairwise matrix ({@code a[i][j]} = importance of
 * i over j, {@code a[j][i] = 1 / a[i][j]}).
 * <ul>
 * <li>{@link Method#GEOMETRIC_MEAN}: weight_i proportional to the n-th root of row i's product (seed 001, step 3).</li>
 * <li>{@link Method#EIGENVECTOR}: the principal right eigenvector, computed as AHPy does: normalised row sums
 * of the repeatedly squared matrix until the vector, rounded to {@code precision} decimals, stops changing.</li>
 * </ul>
 * In both, lambda_max = mean_i (A w)_i / w_i with the unrounded weights (exact for the eigenvector),
 * CI = (lambda_max - n) / (n - 1), CR = CI / RI(n) (0 for n < 3). A CR above 0.1 is refused unless
 * {@code allowInconsistent}.
 */
public final class Ahp {
    /** Saaty's threshold for an acceptable consistency ratio. */
    public static final double MAX_CONSISTENCY_RATIO = 0.1;

    public enum Method { GEOMETRIC_MEAN, EIGENVECTOR }

    /** Weights (rounded to {@code precision} when it is not negative), lambda_max, CI and CR. */
    public record Result(double[] weights, double lambdaMax, double consistencyIndex, double consistencyRatio) {
        public Result {
            weights = weights.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }
    }

    private Ahp() {
    }

    /** Full-precision weights; refuses CR > 0.1 unless {@code allowInconsistent}. */
    public static Result weigh(double[][] a, Method method, RandomIndex ri, boolean allowInconsistent) {
        Result r = weigh(a, method, ri, -1);
        if (!allowInconsistent && r.consistencyRatio() > MAX_CONSISTENCY_RATIO) {
            throw new PlanningException(String.format(java.util.Locale.ROOT,
                    "pairwise comparison matrix is inconsistent: CR = %.4f > %.1f (n = %d, lambda_max = %.4f, RI = %.4f);"
                            + " revise the judgements or allow inconsistency (--allow-inconsistent)",
                    r.consistencyRatio(), MAX_CONSISTENCY_RATIO, a.length, r.lambdaMax(), ri.of(a.length)));
        }
        return r;
    }

    /** Weights, lambda_max and CR rounded to {@code precision} decimals (AHPy's reporting), or unrounded if negative. */
    public static Result weigh(double[][] a, Method method, RandomIndex ri, int precision) {
        int n = check(a);
        double[] w = method == Method.GEOMETRIC_MEAN ? geometricMean(a) : eigenvector(a, precision < 0 ? 12 : precision);
        double lambda = 0;
        for (int i = 0; i < n; i++) {
            double aw = 0;
            for (int j = 0; j < n; j++) aw += a[i][j] * w[j];
            lambda += aw / w[i] / n;
        }
        if (precision >= 0) lambda = round(lambda, precision);
        double ci = n < 3 ? 0 : (lambda - n) / (n - 1);
        double cr = n < 3 ? 0 : ci / ri.of(n);
        if (precision >= 0) {
            cr = round(cr, precision);
            for (int i = 0; i < n; i++) w[i] = round(w[i], precision);
        }
        return new Result(w, lambda, ci, cr);
    }

    static double[] geometricMean(double[][] a) {
        int n = a.length;
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double logSum = 0;
            for (int j = 0; j < n; j++) logSum += Math.log(a[i][j]);
            w[i] = Math.exp(logSum / n);
            sum += w[i];
        }
        for (int i = 0; i < n; i++) w[i] /= sum;
        return w;
    }

    static double[] eigenvector(double[][] a, int precision) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) m[i] = a[i].clone();
        double[] previous = null;
        for (int iter = 0; iter < 200; iter++) {
            m = square(m);
            double[] w = rowSumsNormalised(m);
            double[] rounded = new double[n];
            for (int i = 0; i < n; i++) rounded[i] = round(w[i], precision);
            if (previous != null && java.util.Arrays.equals(previous, rounded)) return w;
            previous = rounded;
        }
        throw new PlanningException("AHP eigenvector did not converge to " + precision + " decimals in 200 squarings");
    }

    private static double[][] square(double[][] m) {
        int n = m.length;
        double[][] r = new double[n][n];
        double total = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += m[i][k] * m[k][j];
                r[i][j] = s;
                total += s;
            }
        // rescaling keeps the entries finite; it does not change the normalised row sums
        for (double[] row : r) for (int j = 0; j < n; j++) row[j] /= total;
        return r;
    }

    private static double[] rowSumsNormalised(double[][] m) {
        double[] w = new double[m.length];
        double total = 0;
        for (int i = 0; i < m.length; i++) {
            for (double v : m[i]) w[i] += v;
            total += w[i];
        }
        for (int i = 0; i < w.length; i++) w[i] /= total;
        return w;
    }

    private static int check(double[][] a) {
        int n = a.length;
        if (n == 0) throw new PlanningException("pairwise comparison matrix is empty");
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) throw new PlanningException("pairwise comparison matrix row " + (i + 1) + " has " + a[i].length + " entries, expected " + n);
            for (int j = 0; j < n; j++) {
                if (!(a[i][j] > 0) || Double.isInfinite(a[i][j])) {
                    throw new PlanningException("pairwise comparison [" + (i + 1) + "][" + (j + 1) + "] = " + a[i][j] + " is not a positive number");
                }
                if (Math.abs(a[i][j] * a[j][i] - 1) > 1e-6) {
                    throw new PlanningException("pairwise comparison matrix is not reciprocal at [" + (i + 1) + "][" + (j + 1)
                            + "]: " + a[i][j] + " x " + a[j][i] + " != 1");
                }
            }
        }
        return n;
    }

    static double round(double v, int decimals) {
        return new java.math.BigDecimal(Double.toString(v)).setScale(decimals, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }
}
