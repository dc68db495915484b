package io.coalition.planning.wsp;

import io.coalition.planning.PlanningException;
import org.sat4j.core.VecInt;
import org.sat4j.minisat.SolverFactory;
import org.sat4j.specs.ContradictionException;
import org.sat4j.specs.ISolver;
import org.sat4j.specs.TimeoutException;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * WSP as propositional satisfiability, solved by SAT4J (org.ow2.sat4j.core). Variable x(s,u) for each
 * authorised pair; exactly one user per step; separation of duty forbids x(a,u) with x(b,u); binding of duty
 * makes x(a,u) and x(b,u) equivalent; at-most-k adds y(u) implied by any x(s,u) in the scope and bounds the
 * y by k (a SAT4J cardinality constraint); one-team chooses exactly one team t and x(s,u) implies the
 * disjunction of the teams containing u.
 */
public final class SatSolver implements WspSolver {
    /** At-most-k scopes up to this size use the same-user encoding, larger ones the user-set encoding. */
    static final int PAIRWISE_SCOPE = 12;
    private final int timeoutSeconds;
    private final int maxConflicts; // 0: limited by time instead

    public SatSolver() {
        this(3600);
    }

    public SatSolver(int timeoutSeconds) {
        if (timeoutSeconds < 1) throw new IllegalArgumentException("timeout must be at least 1 s, got " + timeoutSeconds);
        this.timeoutSeconds = timeoutSeconds;
        this.maxConflicts = 0;
    }

    private SatSolver(int timeoutSeconds, int maxConflicts) {
        this.timeoutSeconds = timeoutSeconds;
        this.maxConflicts = maxConflicts;
    }

    /** Gives up after {@code maxConflicts} conflicts: a deterministic budget, unlike a time limit. */
    public static SatSolver withConflictBudget(int maxConflicts) {
        if (maxConflicts < 1) throw new IllegalArgumentException("conflict budget must be at least 1, got " + maxConflicts);
        return new SatSolver(0, maxConflicts);
    }

    @Override
    public Optional<int[]> solve(WspInstance in) {
        int steps = in.steps(), users = in.users();
        BitSet[] dom = in.domains();
        int[][] x = new int[steps][users];
        int next = 1;
        for (int s = 0; s < steps; s++) for (int u = dom[s].nextSetBit(0); u >= 0; u = dom[s].nextSetBit(u + 1)) x[s][u] = next++;
        ISolver solver = SolverFactory.newDefault();
        if (maxConflicts > 0) solver.setTimeoutOnConflicts(maxConflicts);
        else solver.setTimeout(timeoutSeconds);
        try {
            for (int s = 0; s < steps; s++) {
                if (dom[s].isEmpty()) return Optional.empty();
                VecInt row = new VecInt();
                for (int u = dom[s].nextSetBit(0); u >= 0; u = dom[s].nextSetBit(u + 1)) row.push(x[s][u]);
                solver.addExactly(row, 1);
            }
            for (Constraint c : in.constraints()) {
                if (c instanceof Constraint.SeparationOfDuty sod) {
                    for (int u = 0; u < users; u++) {
                        int a = x[sod.first()][u], b = x[sod.second()][u];
                        if (a != 0 && b != 0) solver.addClause(a == b ? new VecInt(new int[]{-a}) : new VecInt(new int[]{-a, -b}));
                    }
                } else if (c instanceof Constraint.BindingOfDuty bod) {
                    for (int u = 0; u < users; u++) {
                        int a = x[bod.first()][u], b = x[bod.second()][u];
                        if (a == b) continue;
                        if (a != 0) solver.addClause(new VecInt(b != 0 ? new int[]{-a, b} : new int[]{-a}));
                        if (b != 0) solver.addClause(new VecInt(a != 0 ? new int[]{-b, a} : new int[]{-b}));
                    }
                } else if (c instanceof Constraint.AtMostK amk) {
                    int[] scope = amk.steps().stream().distinct().mapToInt(Integer::intValue).toArray();
                    if (scope.length <= amk.k()) continue;
                    if (scope.length <= PAIRWISE_SCOPE) next = sameUserEncoding(solver, x, dom, users, scope, amk.k(), next);
                    else next = userSetEncoding(solver, x, users, scope, amk.k(), next);
                } else if (c instanceof Constraint.OneTeam ot) {
                    int first = next;
                    next += ot.teams().size();
                    VecInt teams = new VecInt();
                    for (int t = 0; t < ot.teams().size(); t++) teams.push(first + t);
                    if (teams.isEmpty()) return Optional.empty();
                    solver.addExactly(teams, 1);
                    for (int s : ot.steps()) {
                        for (int u = 0; u < users; u++) {
                            if (x[s][u] == 0) continue;
                            VecInt clause = new VecInt();
                            clause.push(-x[s][u]);
                            for (int t = 0; t < ot.teams().size(); t++) if (ot.teams().get(t).contains(u)) clause.push(first + t);
                            solver.addClause(clause);
                        }
                    }
                }
            }
            if (!solver.isSatisfiable()) return Optional.empty();
            int[] model = solver.model();
            BitSet trueVars = new BitSet();
            for (int lit : model) if (lit > 0) trueVars.set(lit);
            int[] plan = new int[steps];
            for (int s = 0; s < steps; s++) {
                plan[s] = -1;
                for (int u = dom[s].nextSetBit(0); u >= 0; u = dom[s].nextSetBit(u + 1)) if (trueVars.get(x[s][u])) plan[s] = u;
                if (plan[s] < 0) throw new IllegalStateException("SAT model assigns no user to step s" + (s + 1));
            }
            return Optional.of(plan);
        } catch (ContradictionException e) {
            return Optional.empty(); // unsatisfiable already while adding constraints
        } catch (TimeoutException e) {
            throw new PlanningException("SAT solver gave up after " + (maxConflicts > 0 ? maxConflicts + " conflicts" : timeoutSeconds + " s") + " on an instance of "
                    + steps + " steps and " + users + " users", e);
        } finally {
            solver.reset();
        }
    }

    /**
     * At most k distinct users over {@code scope}, on the steps' partition rather than on users (the
     * constraint is user-independent): e(i, j) says steps i and j share a user (defined exactly from the x),
     * r(j) says step j is the first of its user in scope order (r(j) or some e(i, j) with i before j), and at
     * most k - 1 of r(2..m) hold (step 1 is always first). Propagates as soon as k distinct users are in use,
     * which the user-set encoding's cardinality over hundreds of y(u) does not.
     */
    private static int sameUserEncoding(ISolver solver, int[][] x, BitSet[] dom, int users, int[] scope, int k, int next)
            throws ContradictionException {
        int m = scope.length;
        int[][] e = new int[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                int ev = next++;
                e[i][j] = ev;
                int a = scope[i], b = scope[j];
                for (int u = 0; u < users; u++) {
                    int xa = x[a][u], xb = x[b][u];
                    if (xa != 0) solver.addClause(new VecInt(xb != 0 ? new int[]{-ev, -xa, xb} : new int[]{-ev, -xa}));
                    if (xb != 0) solver.addClause(new VecInt(xa != 0 ? new int[]{-ev, -xb, xa} : new int[]{-ev, -xb}));
                    if (xa != 0 && xb != 0) solver.addClause(new VecInt(new int[]{-xa, -xb, ev}));
                }
            }
        }
        VecInt firsts = new VecInt();
        for (int j = 1; j < m; j++) {
            int r = next++;
            firsts.push(r);
            VecInt clause = new VecInt();
            clause.push(r);
            for (int i = 0; i < j; i++) clause.push(e[i][j]);
            solver.addClause(clause);
        }
        solver.addAtMost(firsts, k - 1);
        return next;
    }

    /** At most k distinct users over {@code scope}: y(u) implied by any x(s, u) in scope, at most k of the y. */
    private static int userSetEncoding(ISolver solver, int[][] x, int users, int[] scope, int k, int next)
            throws ContradictionException {
        VecInt ys = new VecInt();
        for (int u = 0; u < users; u++) {
            int y = 0;
            for (int s : scope) {
                if (x[s][u] == 0) continue;
                if (y == 0) y = next++;
                solver.addClause(new VecInt(new int[]{-x[s][u], y}));
            }
            if (y != 0) ys.push(y);
        }
        if (ys.size() > k) solver.addAtMost(ys, k);
        return next;
    }
}
