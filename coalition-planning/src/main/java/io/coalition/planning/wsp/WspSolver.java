package io.coalition.planning.wsp;

import java.util.Optional;

/** Decides a WSP instance: one valid plan (0-based user per step), or empty when none exists. */
public interface WspSolver {
    Optional<int[]> solve(WspInstance instance);

    /** Exact backtracking with propagation and user-symmetry breaking ({@link BacktrackingSolver}). */
    static WspSolver backtracking() {
        return new BacktrackingSolver();
    }

    /**
     * Pattern-based backtracking ({@link PatternSolver}): the choice for many users; user-independent constraints
     * only (no one-team).
     */
    static WspSolver pattern() {
        return new PatternSolver();
    }

    /** SAT encoding solved by SAT4J ({@link SatSolver}). */
    static WspSolver sat() {
        return new SatSolver();
    }
}
