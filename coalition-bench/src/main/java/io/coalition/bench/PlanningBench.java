package io.coalition.bench;

import io.coalition.planning.PlanningException;
import io.coalition.planning.wsp.BacktrackingSolver;
import io.coalition.planning.wsp.Constraint;
import io.coalition.planning.wsp.PatternSolver;
import io.coalition.planning.wsp.SearchProgress;
import io.coalition.planning.wsp.SatSolver;
import io.coalition.planning.wsp.WspFormat;
import io.coalition.planning.wsp.WspInstance;
import io.coalition.planning.wsp.WspSolver;
import io.coalition.planning.wsp.WspValidator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * WSP solve time against steps (tasks) and users (organizations): backtracking, pattern-based backtracking and
 * SAT4J in the same run, on seeded random instances (5..20 steps, 10..200 users) and on the ungraded examples of
 * ../shared/data/wsp. All solvers must agree on sat/unsat wherever they finish and every plan must pass the
 * validator; otherwise the run fails.
 */
final class PlanningBench implements Bench.Benchmark {
    static final int[] STEPS = {5, 10, 15, 20};
    static final int[] USERS = {10, 50, 100, 200};
    static final int INSTANCES_PER_CELL = 5;
    static final long NODE_BUDGET = 2_000_000L;
    static final int SAT_TIMEOUT_SECONDS = 30;
    /** Examples above this many steps (16-19: 40-60 steps, 500-1000 users) skip plain backtracking. */
    static final int MAX_BACKTRACKING_STEPS = 30;

    record Named(String name, WspSolver solver) {
    }

    static List<Named> solvers(boolean withBacktracking) {
        List<Named> out = new ArrayList<>();
        if (withBacktracking) out.add(new Named("backtracking", new BacktrackingSolver(NODE_BUDGET)));
        out.add(new Named("pattern", new PatternSolver(NODE_BUDGET, SearchProgress.NONE)));
        out.add(new Named("sat4j", new SatSolver(SAT_TIMEOUT_SECONDS)));
        return out;
    }

    @Override
    public String description() {
        return "WSP solve time vs steps and users: backtracking vs pattern backtracking vs SAT4J, random instances and shared examples";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        System.out.printf("planning: %d random instances per (steps, users) cell, %d warm-up and %d measured runs;"
                + " node budget %d (backtracking, pattern), SAT timeout %d s%n", INSTANCES_PER_CELL, options.warmup(), options.runs(),
                NODE_BUDGET, SAT_TIMEOUT_SECONDS);
        int failures = 0;
        List<Map<String, Object>> cells = new ArrayList<>();
        List<Named> all = solvers(true);
        // medians over the instances a solver finished; "gave up" counts budget or timeout exits
        System.out.printf("%6s %6s %5s", "steps", "users", "sat");
        for (Named n : all) System.out.printf(" %16s %7s", n.name() + " ms", "gave up");
        System.out.println();
        for (int k : STEPS) {
            for (int n : USERS) {
                Random rnd = new Random(1000L * k + n);
                List<WspInstance> instances = new ArrayList<>();
                for (int i = 0; i < INSTANCES_PER_CELL; i++) instances.add(random(k, n, rnd));
                int sat = 0;
                int[] gaveUp = new int[all.size()];
                List<List<Double>> times = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) times.add(new ArrayList<>());
                for (WspInstance in : instances) {
                    Set<String> outcomes = new HashSet<>();
                    for (int i = 0; i < all.size(); i++) {
                        Run r = time(all.get(i).solver(), in, options);
                        if (r.outcome() == null) gaveUp[i]++;
                        else {
                            times.get(i).add(r.millis());
                            outcomes.add(r.outcome());
                        }
                    }
                    if (outcomes.size() > 1) failures++;
                    if (outcomes.contains("sat")) sat++;
                }
                System.out.printf("%6d %6d %5d", k, n, sat);
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("steps", k);
                cell.put("users", n);
                cell.put("instances", INSTANCES_PER_CELL);
                cell.put("satisfiable", sat);
                for (int i = 0; i < all.size(); i++) {
                    double m = times.get(i).isEmpty() ? Double.NaN : Stats.median(times.get(i));
                    System.out.printf(" %16.3f %7d", m, gaveUp[i]);
                    cell.put(all.get(i).name() + "MedianMs", times.get(i).isEmpty() ? null : m);
                    cell.put(all.get(i).name() + "GaveUp", gaveUp[i]);
                }
                System.out.println();
                cells.add(cell);
            }
        }
        List<Map<String, Object>> examples = new ArrayList<>();
        Path dir = BenchOptions.dataRoot().resolve("wsp/instances");
        if (Files.isDirectory(dir)) {
            System.out.printf("%-14s %6s %6s %8s", "example", "steps", "users", "outcome");
            for (Named n : all) System.out.printf(" %16s", n.name() + " ms");
            System.out.println();
            for (int e = 1; e <= 19; e++) {
                Path p = dir.resolve("example" + e + ".txt");
                if (!Files.exists(p)) continue;
                WspInstance in = WspFormat.read(p);
                boolean oneTeam = in.constraints().stream().anyMatch(c -> c instanceof Constraint.OneTeam);
                BenchOptions once = new BenchOptions(null, 0, 1);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("instance", p.getFileName().toString());
                row.put("steps", in.steps());
                row.put("users", in.users());
                Set<String> outcomes = new HashSet<>();
                StringBuilder line = new StringBuilder();
                for (Named n : all) {
                    String cellText;
                    if (n.name().equals("backtracking") && in.steps() > MAX_BACKTRACKING_STEPS) {
                        cellText = "skipped";
                        row.put(n.name() + "Ms", null);
                    } else if (n.name().equals("pattern") && oneTeam) {
                        cellText = "n/a";
                        row.put(n.name() + "Ms", null);
                    } else {
                        Run r = time(n.solver(), in, once);
                        if (r.outcome() != null) outcomes.add(r.outcome());
                        cellText = r.outcome() == null ? "gave up" : String.format("%.3f", r.millis());
                        row.put(n.name() + "Ms", r.outcome() == null ? null : r.millis());
                    }
                    line.append(String.format(" %16s", cellText));
                }
                if (outcomes.size() > 1) failures++;
                String outcome = outcomes.size() == 1 ? outcomes.iterator().next() : outcomes.isEmpty() ? "unknown" : "DISAGREE";
                row.put("outcome", outcome);
                System.out.printf("%-14s %6d %6d %8s%s%n", p.getFileName(), in.steps(), in.users(), outcome, line);
                examples.add(row);
            }
        } else {
            System.out.println("shared data not found: examples skipped (" + dir + ")");
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("random", cells);
        figures.put("examples", examples);
        figures.put("disagreements", failures);
        Path out = Results.write("planning", figures);
        System.out.println("results written to " + out);
        if (failures > 0) System.out.println("FAILED: " + failures + " instances where the solvers disagree or a plan is invalid");
        return failures == 0 ? 0 : 1;
    }

    /** Outcome "sat"/"unsat" (null when the solver gave up) and median wall time of the measured runs. */
    record Run(String outcome, double millis) {
    }

    static Run time(WspSolver solver, WspInstance in, BenchOptions options) {
        String outcome = null;
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < options.warmup() + options.runs(); r++) {
            long t0 = System.nanoTime();
            Optional<int[]> plan;
            try {
                plan = solver.solve(in);
            } catch (PlanningException e) {
                return new Run(null, Double.NaN);
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r >= options.warmup()) times.add(ms);
            if (plan.isPresent() && !WspValidator.violations(in, plan.get()).isEmpty()) {
                throw new IllegalStateException(solver.getClass().getSimpleName() + " returned an invalid plan");
            }
            outcome = plan.isPresent() ? "sat" : "unsat";
        }
        return new Run(outcome, Stats.median(times));
    }

    /**
     * A random instance shaped like the shared families: each user authorised for each step with probability 0.3,
     * k separation-of-duty pairs, k/5 binding-of-duty pairs and k/4 at-most-3 constraints over 5 steps.
     */
    static WspInstance random(int k, int n, Random rnd) {
        Map<Integer, Set<Integer>> auth = new HashMap<>();
        for (int u = 0; u < n; u++) {
            Set<Integer> s = new HashSet<>();
            for (int t = 0; t < k; t++) if (rnd.nextDouble() < 0.3) s.add(t);
            auth.put(u, s);
        }
        List<Constraint> cs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int a = rnd.nextInt(k), b = rnd.nextInt(k);
            if (a != b) cs.add(new Constraint.SeparationOfDuty(a, b));
        }
        for (int i = 0; i < k / 5; i++) {
            int a = rnd.nextInt(k), b = rnd.nextInt(k);
            if (a != b) cs.add(new Constraint.BindingOfDuty(a, b));
        }
        for (int i = 0; i < k / 4; i++) {
            List<Integer> steps = new ArrayList<>();
            while (steps.size() < Math.min(5, k)) {
                int t = rnd.nextInt(k);
                if (!steps.contains(t)) steps.add(t);
            }
            cs.add(new Constraint.AtMostK(3, steps));
        }
        return new WspInstance(k, n, auth, cs);
    }
}
