package io.coalition.mining.conformance;

import java.util.Arrays;

/**
 * pm4py's alignment heuristic: the LP relaxation of the marking equation of the synchronous product, solved by a
 * small dense two-phase simplex. One instance per search (it owns its tableau); not thread-safe.
 *
 * <p>pm4py's LP has a variable per model move, log move and synchronous move. Summed per label it reduces to this
 * equivalent, smaller LP: with {@code z} the firings of each model transition and {@code r_a} the remaining events
 * of label {@code a}, the synchronous moves of label {@code a} are at most {@code min(Z_a, r_a)} where {@code Z_a}
 * sums {@code z} over the transitions labelled {@code a}, so the deviations of that label cost
 * {@code 10000 |Z_a - r_a|}:
 * <pre>
 *   minimise  sum_{t silent} z_t + 10000 sum_a (u_a + v_a)
 *   s.t.      C z = final - m          (one row per place)
 *             Z_a - u_a + v_a = r_a    (one row per model label)
 *             z, u, v >= 0
 * </pre>
 * Any solution of pm4py's LP gives one of this LP with the same cost and back (split {@code Z_a} into
 * {@code min(Z_a, r_a)} synchronous and the rest model moves), so both have the same optimum. Events whose
 * activity no transition carries add 10000 each outside the LP. An infeasible LP proves that the final marking is
 * unreachable from {@code m}: the search drops such states.
 *
 * <p>Written by hand: the LPs have a few dozen rows and are solved thousands of times per log, where a
 * general-purpose library's setup per solve would dominate; the matrix entries are small integers, so a dense
 * tableau with Dantzig's rule (Bland's rule after a run of degenerate pivots, which cannot cycle) is exact enough.
 */
final class MarkingEquation {
    static final double EPS = 1e-9;
    private static final int DEGENERATE_RUN_BEFORE_BLAND = 50;

    private final CompiledNet net;
    private final int places;
    private final int transitions;
    private final int labels;
    private final int rows;
    /** Structural columns: z (transitions), u (labels), v (labels); then one artificial per place row. */
    private final int structural;
    private final int cols;
    private final double[] cost;
    private final double[][] tab;
    private final double[] rhs;
    private final int[] basis;
    private final double[] reduced;
    private final int[] nonzero;
    /** Row signs of the cold start (rows with a negative right-hand side are negated). */
    private final double[] sign;
    /** Whether the tableau holds an optimal basis of an earlier solve, to warm-start from. */
    private boolean warm;
    private final double[] b;

    MarkingEquation(CompiledNet net) {
        this.net = net;
        places = net.places;
        transitions = net.transitions;
        labels = net.labelNames.length;
        rows = places + labels;
        structural = transitions + 2 * labels;
        cols = structural + places;
        cost = new double[cols];
        for (int t = 0; t < transitions; t++) cost[t] = net.labels[t] == null ? Alignments.TAU_COST : 0;
        for (int c = transitions; c < structural; c++) cost[c] = Alignments.MOVE_COST;
        tab = new double[rows][cols];
        rhs = new double[rows];
        basis = new int[rows];
        reduced = new double[cols];
        nonzero = new int[cols];
        sign = new double[places];
        b = new double[rows];
    }

    /**
     * Solves for marking {@code m} with {@code remaining[a]} events of each model label left. Returns the optimum
     * and writes the firings {@code z} into {@code solution}, or returns {@code +inf} when the LP is infeasible.
     */
    double solve(int[] m, int[] remaining, double[] solution) {
        if (warm) {
            double value = warmSolve(m, remaining, solution);
            if (!Double.isNaN(value)) return value;
        }
        warm = false;
        double value = coldSolve(m, remaining, solution);
        warm = value != Double.POSITIVE_INFINITY;
        return value;
    }

    /**
     * The earlier optimal basis stays dual feasible (only the right-hand side changed): recompute the basic values
     * from the inverse basis (the columns that were the identity at the cold start: artificials and v) and run the
     * dual simplex. NaN when it cannot decide (a redundant row became inconsistent, or too many pivots).
     */
    private double warmSolve(int[] m, int[] remaining, double[] solution) {
        for (int p = 0; p < places; p++) b[p] = sign[p] * (net.fin[p] - m[p]);
        for (int a = 0; a < labels; a++) b[places + a] = remaining[a];
        for (int r = 0; r < rows; r++) {
            double[] row = tab[r];
            double v = 0;
            for (int p = 0; p < places; p++) {
                double x = row[structural + p];
                if (x != 0) v += x * b[p];
            }
            for (int a = 0; a < labels; a++) {
                double x = row[transitions + labels + a];
                if (x != 0) v += x * b[places + a];
            }
            rhs[r] = Math.abs(v) < 1e-9 ? 0 : v;
            if (basis[r] >= structural && rhs[r] != 0) return Double.NaN;
        }
        for (int iteration = 0; ; iteration++) {
            if (iteration > 10 * rows) return Double.NaN;
            int leave = -1;
            double worst = -1e-9;
            for (int r = 0; r < rows; r++) {
                if (rhs[r] < worst) {
                    worst = rhs[r];
                    leave = r;
                }
            }
            if (leave < 0) break;
            double[] row = tab[leave];
            int enter = -1;
            double ratio = Double.POSITIVE_INFINITY;
            for (int c = 0; c < structural; c++) {
                if (row[c] >= -EPS) continue;
                double q = reduced[c] / -row[c];
                if (q < ratio - EPS) {
                    ratio = q;
                    enter = c;
                }
            }
            if (enter < 0) return Double.POSITIVE_INFINITY; // the row cannot be made non-negative: infeasible
            pivot(leave, enter);
        }
        return extract(solution);
    }

    private double extract(double[] solution) {
        Arrays.fill(solution, 0);
        double value = 0;
        for (int r = 0; r < rows; r++) {
            int bc = basis[r];
            if (bc < transitions) solution[bc] = rhs[r];
            if (bc < structural) value += cost[bc] * rhs[r];
        }
        return value;
    }

    private double coldSolve(int[] m, int[] remaining, double[] solution) {
        for (double[] row : tab) Arrays.fill(row, 0);
        for (int p = 0; p < places; p++) {
            sign[p] = net.fin[p] - m[p] < 0 ? -1 : 1;
            rhs[p] = sign[p] * (net.fin[p] - m[p]);
            tab[p][structural + p] = 1;
            basis[p] = structural + p;
        }
        for (int t = 0; t < transitions; t++) {
            int[] pre = net.pre[t];
            int[] preW = net.preW[t];
            for (int i = 0; i < pre.length; i++) tab[pre[i]][t] -= preW[i];
            int[] post = net.post[t];
            int[] postW = net.postW[t];
            for (int i = 0; i < post.length; i++) tab[post[i]][t] += postW[i];
            if (net.labelOf[t] >= 0) tab[places + net.labelOf[t]][t] = 1;
        }
        for (int p = 0; p < places; p++) {
            if (net.fin[p] - m[p] < 0) for (int t = 0; t < transitions; t++) tab[p][t] = -tab[p][t];
        }
        for (int a = 0; a < labels; a++) {
            int r = places + a;
            tab[r][transitions + a] = -1;
            tab[r][transitions + labels + a] = 1;
            rhs[r] = remaining[a];
            basis[r] = transitions + labels + a;
        }
        // phase 1: minimise the artificials
        Arrays.fill(reduced, 0);
        for (int c = structural; c < cols; c++) reduced[c] = 1;
        for (int p = 0; p < places; p++) for (int c = 0; c < cols; c++) reduced[c] -= tab[p][c];
        iterate();
        double infeasibility = 0;
        for (int r = 0; r < rows; r++) if (basis[r] >= structural) infeasibility += rhs[r];
        if (infeasibility > 1e-7) return Double.POSITIVE_INFINITY;
        // drive artificials out of the basis where a structural column can replace them (else the row is redundant)
        for (int r = 0; r < rows; r++) {
            if (basis[r] < structural) continue;
            for (int c = 0; c < structural; c++) {
                if (Math.abs(tab[r][c]) > EPS) {
                    pivot(r, c);
                    break;
                }
            }
        }
        // phase 2: the real costs
        System.arraycopy(cost, 0, reduced, 0, cols);
        for (int r = 0; r < rows; r++) {
            double cb = cost[basis[r]];
            if (cb == 0) continue;
            double[] row = tab[r];
            for (int c = 0; c < cols; c++) if (row[c] != 0) reduced[c] -= cb * row[c];
        }
        iterate();
        return extract(solution);
    }

    /** Simplex iterations on the current reduced costs; artificial columns never enter. */
    private void iterate() {
        int degenerate = 0;
        while (true) {
            boolean bland = degenerate >= DEGENERATE_RUN_BEFORE_BLAND;
            int enter = -1;
            double best = -EPS;
            for (int c = 0; c < structural; c++) {
                if (reduced[c] < best) {
                    enter = c;
                    if (bland) break;
                    best = reduced[c];
                }
            }
            if (enter < 0) return;
            int leave = -1;
            double ratio = Double.POSITIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                double a = tab[r][enter];
                if (a <= EPS) continue;
                double q = rhs[r] / a;
                if (q < ratio - EPS || (q < ratio + EPS && leave >= 0 && basis[r] < basis[leave])) {
                    ratio = q;
                    leave = r;
                }
            }
            if (leave < 0) throw new IllegalStateException("marking equation LP unbounded (costs are >= 0)");
            degenerate = ratio < EPS ? degenerate + 1 : 0;
            pivot(leave, enter);
        }
    }

    private void pivot(int r, int c) {
        double[] pr = tab[r];
        double inv = 1.0 / pr[c];
        int nz = 0;
        for (int j = 0; j < cols; j++) {
            if (pr[j] != 0) {
                pr[j] *= inv;
                if (Math.abs(pr[j]) < 1e-12) pr[j] = 0;
                else nonzero[nz++] = j;
            }
        }
        rhs[r] *= inv;
        pr[c] = 1;
        for (int i = 0; i < rows; i++) {
            if (i == r) continue;
            double[] row = tab[i];
            double f = row[c];
            if (f == 0) continue;
            for (int k = 0; k < nz; k++) {
                int j = nonzero[k];
                row[j] -= f * pr[j];
            }
            row[c] = 0;
            rhs[i] -= f * rhs[r];
            if (Math.abs(rhs[i]) < 1e-12) rhs[i] = 0;
        }
        double f = reduced[c];
        if (f != 0) {
            for (int k = 0; k < nz; k++) {
                int j = nonzero[k];
                reduced[j] -= f * pr[j];
            }
            reduced[c] = 0;
        }
        basis[r] = c;
    }
}
