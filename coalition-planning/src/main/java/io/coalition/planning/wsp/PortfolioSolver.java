package io.coalition.planning.wsp;

import io.coalition.planning.PlanningException;

import java.util.Optional;

/**
 * Alternates the two solvers that complement each other on large instances, with growing deterministic budgets:
 * round r gives {@link PatternSolver} 100,000 x 2^r search nodes, then {@link SatSolver} 10,000 x 2^r conflicts;
 * the first definite answer wins. On the shared examples the pattern search finds example16's plan where SAT4J
 * stalls, and SAT4J settles examples 17 and 18 where the pattern search thrashes. Instances with one-team
 * constraints skip the pattern solver. Complete: the budgets grow until one solver answers (or
 * {@code maxRounds} is reached, then it gives up with a {@link PlanningException}).
 */
public final class PortfolioSolver implements WspSolver {
    static final long PATTERN_NODES = 100_000;
    static final int SAT_CONFLICTS = 10_000;
    private final int maxRounds;
    private final SearchProgress progress;

    /** At most 12 rounds (pattern up to 409.6M nodes, SAT up to 41M conflicts). */
    public PortfolioSolver(SearchProgress progress) {
        this(12, progress);
    }

    public PortfolioSolver(int maxRounds, SearchProgress progress) {
        if (maxRounds < 1 || maxRounds > 20) throw new IllegalArgumentException("rounds must be in 1..20, got " + maxRounds);
        this.maxRounds = maxRounds;
        this.progress = java.util.Objects.requireNonNull(progress, "progress");
    }

    @Override
    public Optional<int[]> solve(WspInstance instance) {
        boolean oneTeam = instance.constraints().stream().anyMatch(c -> c instanceof Constraint.OneTeam);
        for (int round = 0; round < maxRounds; round++) {
            if (!oneTeam) {
                try {
                    return new PatternSolver(PATTERN_NODES << round, progress).solve(instance);
                } catch (PlanningException budget) {
                    if (budget.getMessage().startsWith("pattern search cancelled")) throw budget;
                }
            }
            try {
                return SatSolver.withConflictBudget(SAT_CONFLICTS << round).solve(instance);
            } catch (PlanningException budget) {
                // next round, larger budgets
            }
        }
        throw new PlanningException("portfolio gave up after " + maxRounds + " rounds on an instance of "
                + instance.steps() + " steps and " + instance.users() + " users");
    }
}
