package io.coalition.planning.iow;

import io.coalition.planning.wsp.WspInstance;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Monte Carlo estimate of the probability that the best plan of a {@link PlanReport} completes when partners
 * become unavailable, without and with run-time delegation (seed 001's resiliency levels). Organization o is
 * available for task t with the posterior mean availability p(t, o) of step 2:
 * <ul>
 * <li>{@link Level#STATIC}: one uniform draw U_o per organization and run; o is available for t iff U_o &lt; p(t, o)
 * (an organization is up or down for the whole run);</li>
 * <li>{@link Level#DECREMENTAL}: a fresh draw at each task o is authorized for (in execution order), and an
 * organization once unavailable stays unavailable for the rest of the run;</li>
 * <li>{@link Level#DYNAMIC}: a fresh draw per task; unavailability does not persist.</li>
 * </ul>
 * The run's availability is drawn before it is played, so the runs with and without delegation face the same
 * failures (common random numbers) and completion with delegation is never below completion without
 * (delegation only acts where the plan has already failed).
 * Tasks run by stage (ties in priority order). Without delegation the run completes iff every planned
 * organization is available for its task. With delegation an unavailable organization is replaced by the first
 * available delegate (see {@link AssignmentPlanner}), computed on the plan as modified so far.
 */
public final class ResilienceSimulation {
    public enum Level { STATIC, DECREMENTAL, DYNAMIC }

    /** Completed runs out of {@code runs}, without and with delegation. */
    public record Result(Level level, int runs, int completedWithout, int completedWith) {
        public double probabilityWithout() {
            return (double) completedWithout / runs;
        }

        public double probabilityWith() {
            return (double) completedWith / runs;
        }
    }

    private ResilienceSimulation() {
    }

    /** Deterministic for a given {@code seed}. */
    public static Result run(Workflow w, PlanReport report, Level level, int runs, long seed) {
        if (runs < 1) throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        List<String> taskIds = w.tasks().stream().map(Workflow.Task::id).toList();
        List<String> orgIds = w.organizations().stream().map(Workflow.Organization::id).toList();
        Map<String, Integer> ti = WorkflowReader.index(taskIds), oi = WorkflowReader.index(orgIds);
        List<Workflow.ConstraintSpec> specs = w.constraints() == null ? List.of() : w.constraints();
        WspInstance wsp = AssignmentPlanner.toWsp(w, ti, oi, specs);
        List<String> execution = new ArrayList<>(taskIds);
        execution.sort(Comparator.comparingInt((String t) -> w.tasks().get(ti.get(t)).stage())
                .thenComparingInt(t -> report.priorityOrder().indexOf(t)));
        int[] best = new int[taskIds.size()];
        report.plans().get(0).assignment().forEach((t, o) -> best[ti.get(t)] = oi.get(o));

        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int without = 0, with = 0;
        for (int r = 0; r < runs; r++) {
            // the run's availability is drawn up front, so both variants face the same partner failures
            boolean[][] up = new boolean[taskIds.size()][orgIds.size()];
            double[] fixed = new double[orgIds.size()];
            boolean[] alive = new boolean[orgIds.size()];
            for (int o = 0; o < fixed.length; o++) {
                fixed[o] = rng.nextDouble();
                alive[o] = true;
            }
            for (String t : execution) {
                Map<String, PlanReport.Availability> row = report.availability().get(t);
                for (int o = 0; o < orgIds.size(); o++) {
                    PlanReport.Availability a = row.get(orgIds.get(o));
                    if (a == null) continue; // not authorized: never asked
                    up[ti.get(t)][o] = switch (level) {
                        case STATIC -> fixed[o] < a.mean();
                        case DYNAMIC -> rng.nextDouble() < a.mean();
                        case DECREMENTAL -> alive[o] = alive[o] && rng.nextDouble() < a.mean();
                    };
                }
            }
            boolean ok = true;
            for (String t : execution) ok &= up[ti.get(t)][best[ti.get(t)]];
            if (ok) without++;
            if (completesWithDelegation(w, wsp, ti, oi, specs, best, execution, report, (t, o) -> up[ti.get(t)][o])) with++;
        }
        return new Result(level, runs, without, with);
    }

    private interface Availability {
        boolean available(String task, int org);
    }

    private static boolean completesWithDelegation(Workflow w, WspInstance wsp, Map<String, Integer> ti, Map<String, Integer> oi,
                                                   List<Workflow.ConstraintSpec> specs, int[] best, List<String> execution,
                                                   PlanReport report, Availability av) {
        int[] plan = best.clone();
        for (String t : execution) {
            if (av.available(t, plan[ti.get(t)])) continue;
            boolean replaced = false;
            for (String d : AssignmentPlanner.delegates(w, wsp, ti, oi, specs, plan, t, report.score().get(t))) {
                if (av.available(t, oi.get(d))) {
                    AssignmentPlanner.moveTo(w, ti, specs, plan, t, oi.get(d));
                    replaced = true;
                    break;
                }
            }
            if (!replaced) return false;
        }
        return true;
    }
}
