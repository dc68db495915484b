package io.coalition.planning.mcdm;

import io.coalition.planning.PlanningException;

import java.util.List;

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

    /**
     * Optimal completion of an incomplete pairwise matrix (Bozoki, Fulop and Ronyai 2010), as in AHPy: missing
     * entries ({@code NaN}, reciprocals implied) are chosen to minimise lambda_max, by cyclic coordinate descent
     * (golden-section search on the logarithm of one entry at a time) until no entry changes by more than
     * {@code 1e-4} in a sweep. Returns a complete positive reciprocal matrix; {@code a} is not modified.
     */
    public static double[][] complete(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) m[i] = a[i].clone();
        List<int[]> missing = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Double.isNaN(m[i][j]) != Double.isNaN(m[j][i])) {
                    throw new PlanningException("pairwise comparison matrix has [" + (i + 1) + "][" + (j + 1) + "] but not its reciprocal");
                }
                if (Double.isNaN(m[i][j])) {
                    missing.add(new int[]{i, j});
                    m[i][j] = 1;
                    m[j][i] = 1;
                }
            }
        }
        for (int sweep = 0; sweep < 10_000 && !missing.isEmpty(); sweep++) {
            double change = 0;
            for (int[] e : missing) {
                double before = m[e[0]][e[1]];
                double lo = Math.log(1e-6), hi = Math.log(1e6);
                double g = (Math.sqrt(5) - 1) / 2;
                double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
                double f1 = lambdaAt(m, e, x1), f2 = lambdaAt(m, e, x2);
                while (hi - lo > 1e-12) {
                    if (f1 < f2) {
                        hi = x2;
                        x2 = x1;
                        f2 = f1;
                        x1 = hi - g * (hi - lo);
                        f1 = lambdaAt(m, e, x1);
                    } else {
                        lo = x1;
                        x1 = x2;
                        f1 = f2;
                        x2 = lo + g * (hi - lo);
                        f2 = lambdaAt(m, e, x2);
                    }
                }
                double v = Math.exp((lo + hi) / 2);
                m[e[0]][e[1]] = v;
                m[e[1]][e[0]] = 1 / v;
                change = Math.max(change, Math.abs(v - before));
            }
            if (change < 1e-4) return m;
        }
        if (missing.isEmpty()) return m;
        throw new PlanningException("optimal completion of the pairwise matrix did not converge in 10000 sweeps");
    }

    private static double lambdaAt(double[][] m, int[] e, double logValue) {
        m[e[0]][e[1]] = Math.exp(logValue);
        m[e[1]][e[0]] = Math.exp(-logValue);
        return lambdaMax(m);
    }

    /** Perron eigenvalue of a positive matrix by power iteration. */
    static double lambdaMax(double[][] m) {
        int n = m.length;
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1.0 / n);
        double lambda = 0;
        for (int it = 0; it < 10_000; it++) {
            double[] w = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) w[i] += m[i][j] * v[j];
                sum += w[i];
            }
            double next = sum; // v sums to 1, so sum(Av) / sum(v) = sum(Av)
            for (int i = 0; i < n; i++) w[i] /= sum;
            v = w;
            if (Math.abs(next - lambda) < 1e-15 * next) return next;
            lambda = next;
        }
        return lambda;
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
