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
     * Optimal completion of an incomplete pairwise matrix (Bozoki, Fulop and Ronyai 2010) exactly as AHPy 2.0
     * ({@code Compare._complete_matrix}) does it, so that its results are reproduced: missing entries ({@code NaN},
     * reciprocals implied) start at 1 and are visited in row-major order of the upper triangle; each visit
     * minimises lambda_max over that entry alone with Brent's bounded method on {@code (0, 10 * max entry)}
     * (scipy's {@code minimize_scalar(method='bounded')}, xatol 1e-5, at most 500 evaluations; see
     * {@link BoundedBrent}); a sweep over all missing entries is repeated until the Euclidean norm of the change
     * of the missing values between two sweeps is at most {@code 1e-4}. Returns a complete positive reciprocal
     * matrix; {@code a} is not modified.
     *
     * @throws PlanningException if only one of an entry and its reciprocal is missing, or after 1000 sweeps
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
                if (Double.isNaN(m[i][j])) missing.add(new int[]{i, j});
            }
        }
        double[] values = new double[missing.size()];
        java.util.Arrays.fill(values, 1.0);
        for (int sweep = 0; sweep < 1000 && !missing.isEmpty(); sweep++) {
            // AHPy takes the bound from the matrix as it is when the sweep starts: NaN (ignored) for entries not
            // yet visited, and for the entry visited last the last point its minimiser evaluated, not the optimum
            double max = 0;
            for (double[] row : m) for (double v : row) if (!Double.isNaN(v)) max = Math.max(max, v);
            double upper = max * 10;
            double[] before = values.clone();
            for (int k = 0; k < missing.size(); k++) {
                for (int o = 0; o < missing.size(); o++) {
                    if (o != k) set(m, missing.get(o), values[o]);
                }
                int[] e = missing.get(k);
                values[k] = BoundedBrent.minimize(x -> {
                    set(m, e, x);
                    return lambdaMax(m);
                }, 0, upper);
            }
            double change = 0;
            for (int k = 0; k < values.length; k++) change += (values[k] - before[k]) * (values[k] - before[k]);
            if (Math.sqrt(change) <= 1e-4) {
                for (int k = 0; k < missing.size(); k++) set(m, missing.get(k), values[k]);
                return m;
            }
        }
        if (missing.isEmpty()) return m;
        throw new PlanningException("optimal completion of the pairwise matrix did not converge in 1000 sweeps");
    }

    private static void set(double[][] m, int[] e, double v) {
        m[e[0]][e[1]] = v;
        m[e[1]][e[0]] = 1 / v;
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
