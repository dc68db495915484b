package io.coalition.planning.iow;

import io.coalition.planning.PlanningException;
import io.coalition.planning.bayes.AvailabilityPosterior;
import io.coalition.planning.mcdm.Ahp;
import io.coalition.planning.mcdm.GreyNumber;
import io.coalition.planning.mcdm.GreyTopsis;
import io.coalition.planning.mcdm.RandomIndex;
import io.coalition.planning.priority.TaskPriority;
import io.coalition.planning.wsp.BacktrackingSolver;
import io.coalition.planning.wsp.Constraint;
import io.coalition.planning.wsp.SearchProgress;
import io.coalition.planning.wsp.WspInstance;
import io.coalition.planning.wsp.WspValidator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seed 001's four steps on a {@link Workflow}:
 * <ol>
 * <li>task priority and risk level ({@link TaskPriority}); tasks are decided in decreasing priority, ties broken
 * by more security constraints, then by workflow order;</li>
 * <li>availability posterior per authorized (task, organization) ({@link AvailabilityPosterior}) with the
 * constraint effect: binding of duty pools the histories of the bound tasks (the organization must serve both),
 * and each separation-of-duty partner task the organization is also authorized for adds one pseudo-trial without
 * availability (it may be consumed there);</li>
 * <li>AHP weights of the criteria and, per task, grey TOPSIS closeness of its authorized organizations;</li>
 * <li>score(t, o) = midpoint of the grey closeness x posterior mean; the exact branch-and-bound WSP search
 * returns the valid plans of highest total score, and delegates per task are computed for the best plan.</li>
 * </ol>
 * Delegation happens at run time, when a task is about to start: tasks of earlier stages are done and keep
 * their organization; a delegate o of task t is an authorized organization other than the planned one such that
 * the plan with t, and the not-yet-started tasks bound to t by binding of duty, moved to o still satisfies every
 * constraint. Delegates are listed by decreasing score.
 */
public final class AssignmentPlanner {

    /** Planner settings: AHP method, whether an AHP CR above 0.1 is accepted, how many ranked plans. */
    public record Options(Ahp.Method ahpMethod, boolean allowInconsistent, int plans) {
        public static final Options DEFAULT = new Options(Ahp.Method.GEOMETRIC_MEAN, false, 3);

        public Options {
            if (plans < 1) throw new IllegalArgumentException("plans must be at least 1, got " + plans);
        }
    }

    private AssignmentPlanner() {
    }

    public static PlanReport plan(Workflow w, Options opt) {
        return plan(w, opt, SearchProgress.NONE);
    }

    /** As {@link #plan(Workflow, Options)}, reporting the plan search to {@code progress}, which may cancel it. */
    public static PlanReport plan(Workflow w, Options opt, SearchProgress progress) {
        List<String> taskIds = w.tasks().stream().map(Workflow.Task::id).toList();
        List<String> orgIds = w.organizations().stream().map(Workflow.Organization::id).toList();
        Map<String, Integer> ti = WorkflowReader.index(taskIds), oi = WorkflowReader.index(orgIds);
        List<Workflow.ConstraintSpec> specs = w.constraints() == null ? List.of() : w.constraints();
        WspInstance wsp = toWsp(w, ti, oi, specs);

        // step 1
        List<PlanReport.TaskRow> rows = new ArrayList<>();
        for (Workflow.Task t : w.tasks()) {
            int n = (int) specs.stream().filter(c -> c.tasks().contains(t.id())).count();
            double p = TaskPriority.assess(t.obligatory(), t.delaySensitive(), t.delegable(), t.interruptible(),
                    t.preemptable(), t.deadline(), t.elapsed()).priority();
            rows.add(new PlanReport.TaskRow(t.id(), p, n, TaskPriority.risk(p, n)));
        }
        List<PlanReport.TaskRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingDouble(PlanReport.TaskRow::priority).reversed()
                .thenComparing(Comparator.comparingInt(PlanReport.TaskRow::constraints).reversed())
                .thenComparingInt(r -> ti.get(r.id())));
        List<String> order = sorted.stream().map(PlanReport.TaskRow::id).toList();

        // step 2
        Map<String, Map<String, PlanReport.Availability>> avail = new LinkedHashMap<>();
        for (String t : taskIds) {
            Map<String, PlanReport.Availability> row = new LinkedHashMap<>();
            for (String o : w.authorizations().get(t)) {
                Workflow.Organization org = w.organizations().get(oi.get(o));
                int[] h = history(org, t);
                for (Workflow.ConstraintSpec c : specs) {
                    if (!c.tasks().contains(t)) continue;
                    for (String other : c.tasks()) {
                        if (other.equals(t)) continue;
                        if (c.type().equals("bod")) {
                            int[] oh = history(org, other);
                            h[0] += oh[0];
                            h[1] += oh[1];
                        } else if (c.type().equals("sod") && w.authorizations().get(other).contains(o)) {
                            h[1] += 1;
                        }
                    }
                }
                AvailabilityPosterior post = AvailabilityPosterior.of(w.prior().alpha(), w.prior().beta(), h[0], h[1]);
                double[] ci = post.credibleInterval(0.95);
                row.put(o, new PlanReport.Availability(post.alpha(), post.beta(), post.mean(), ci[0], ci[1]));
            }
            avail.put(t, row);
        }

        // step 3
        List<String> critIds = w.criteria().stream().map(Workflow.Criterion::id).toList();
        List<PlanReport.Comparison> completed = new ArrayList<>();
        double[][] pairwise = pairwise(w, critIds, completed);
        Ahp.Result ahp = Ahp.weigh(pairwise, opt.ahpMethod(), RandomIndex.SAATY, opt.allowInconsistent());
        boolean[] benefit = new boolean[critIds.size()];
        for (int j = 0; j < benefit.length; j++) benefit[j] = w.criteria().get(j).benefit();
        Map<String, Map<String, double[]>> closeness = new LinkedHashMap<>();
        Map<String, Map<String, Double>> score = new LinkedHashMap<>();
        double[][] scoreMatrix = new double[taskIds.size()][orgIds.size()];
        for (String t : taskIds) {
            List<String> authorized = w.authorizations().get(t);
            GreyNumber[][] m = new GreyNumber[authorized.size()][critIds.size()];
            for (int i = 0; i < authorized.size(); i++) {
                Workflow.Organization org = w.organizations().get(oi.get(authorized.get(i)));
                for (int j = 0; j < critIds.size(); j++) {
                    List<Double> g = org.criteria().get(critIds.get(j));
                    m[i][j] = new GreyNumber(g.get(0), g.get(1));
                }
            }
            GreyNumber[] c = GreyTopsis.closeness(m, ahp.weights(), benefit);
            Map<String, double[]> crow = new LinkedHashMap<>();
            Map<String, Double> srow = new LinkedHashMap<>();
            for (int i = 0; i < authorized.size(); i++) {
                // one alternative, or identical ones, make d- + d+ zero: nothing to prefer, closeness 1
                double mid = Double.isFinite(c[i].mid()) ? c[i].mid() : 1.0;
                double[] bounds = Double.isFinite(c[i].mid()) ? new double[]{c[i].lower(), c[i].upper()} : new double[]{1, 1};
                String o = authorized.get(i);
                crow.put(o, bounds);
                double s = mid * avail.get(t).get(o).mean();
                srow.put(o, s);
                scoreMatrix[ti.get(t)][oi.get(o)] = s;
            }
            closeness.put(t, crow);
            score.put(t, srow);
        }

        // step 4
        int[] searchOrder = order.stream().mapToInt(ti::get).toArray();
        List<BacktrackingSolver.ScoredPlan> best = new BacktrackingSolver(Long.MAX_VALUE, progress).best(wsp, scoreMatrix, searchOrder, opt.plans());
        if (best.isEmpty()) {
            throw new PlanningException("workflow " + w.name() + " is unsatisfiable: no assignment of authorized organizations meets every constraint");
        }
        List<PlanReport.RankedPlan> plans = new ArrayList<>();
        for (BacktrackingSolver.ScoredPlan p : best) {
            if (!WspValidator.violations(wsp, p.plan()).isEmpty()) throw new IllegalStateException("solver returned an invalid plan");
            Map<String, String> a = new LinkedHashMap<>();
            for (int s = 0; s < taskIds.size(); s++) a.put(taskIds.get(s), orgIds.get(p.plan()[s]));
            plans.add(new PlanReport.RankedPlan(a, p.score()));
        }
        int[] plan = best.get(0).plan();
        Map<String, List<String>> delegates = new LinkedHashMap<>();
        List<String> none = new ArrayList<>();
        for (String t : taskIds) {
            List<String> d = delegates(w, wsp, ti, oi, specs, plan, t, score.get(t));
            delegates.put(t, d);
            if (d.isEmpty()) none.add(t);
        }
        return new PlanReport(w.name(), rows, order, critIds, ahp.weights(), ahp.consistencyRatio(), completed, avail, closeness,
                score, plans, delegates, none);
    }

    /** Delegates of {@code task} for {@code plan} (see the class comment), best score first. */
    static List<String> delegates(Workflow w, WspInstance wsp, Map<String, Integer> ti, Map<String, Integer> oi,
                                  List<Workflow.ConstraintSpec> specs, int[] plan, String task, Map<String, Double> score) {
        List<String> out = new ArrayList<>();
        List<String> candidates = new ArrayList<>(w.authorizations().get(task));
        candidates.sort(Comparator.comparingDouble((String o) -> -score.get(o)));
        for (String o : candidates) {
            int u = oi.get(o);
            if (u == plan[ti.get(task)]) continue;
            int[] candidate = plan.clone();
            moveTo(w, ti, specs, candidate, task, u);
            if (WspValidator.violations(wsp, candidate).isEmpty()) out.add(o);
        }
        return out;
    }

    /** Gives {@code task} and the tasks bound to it by binding of duty that have not started yet to {@code org}. */
    static void moveTo(Workflow w, Map<String, Integer> ti, List<Workflow.ConstraintSpec> specs, int[] plan, String task, int org) {
        int stage = w.tasks().get(ti.get(task)).stage();
        Set<String> moving = new HashSet<>();
        List<String> frontier = new ArrayList<>(List.of(task));
        moving.add(task);
        while (!frontier.isEmpty()) {
            String t = frontier.remove(frontier.size() - 1);
            for (Workflow.ConstraintSpec c : specs) {
                if (!c.type().equals("bod") || !c.tasks().contains(t)) continue;
                for (String other : c.tasks()) {
                    if (w.tasks().get(ti.get(other)).stage() >= stage && moving.add(other)) frontier.add(other);
                }
            }
        }
        for (String m : moving) plan[ti.get(m)] = org;
    }

    static int[] history(Workflow.Organization org, String task) {
        Workflow.History h = org.history() == null ? null : org.history().get(task);
        return h == null ? new int[]{0, 0} : new int[]{h.available(), h.trials()};
    }

    /**
     * The criteria pairwise matrix; pairs the workflow does not compare are completed (AHPy's optimal completion,
     * {@link Ahp#complete}) and appended to {@code completed}. Completion needs every criterion linked to every
     * other by a chain of comparisons; otherwise the weights are undetermined and this refuses.
     */
    static double[][] pairwise(Workflow w, List<String> crit, List<PlanReport.Comparison> completed) {
        int n = crit.size();
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i][j] = i == j ? 1 : Double.NaN;
        int[] component = new int[n];
        for (int i = 0; i < n; i++) component[i] = i;
        if (w.criteriaComparisons() != null) {
            for (List<Object> p : w.criteriaComparisons()) {
                int i = crit.indexOf(String.valueOf(p.get(0))), j = crit.indexOf(String.valueOf(p.get(1)));
                double v = ((Number) p.get(2)).doubleValue();
                a[i][j] = v;
                a[j][i] = 1 / v;
                int ci = component[i], cj = component[j];
                for (int k = 0; k < n; k++) if (component[k] == cj) component[k] = ci;
            }
        }
        for (int j = 1; j < n; j++) {
            if (component[j] != component[0]) {
                List<String> linked = new ArrayList<>(), apart = new ArrayList<>();
                for (int k = 0; k < n; k++) (component[k] == component[0] ? linked : apart).add(crit.get(k));
                throw new PlanningException("workflow " + w.name() + ": criteriaComparisons: no chain of comparisons links "
                        + linked + " to " + apart + ", so the missing pairs cannot be completed; compare at least one"
                        + " criterion of each group with the other group");
            }
        }
        boolean incomplete = false;
        for (double[] row : a) for (double v : row) incomplete |= Double.isNaN(v);
        if (!incomplete) return a;
        double[][] c = Ahp.complete(a);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Double.isNaN(a[i][j])) completed.add(new PlanReport.Comparison(crit.get(i), crit.get(j), c[i][j]));
            }
        }
        return c;
    }

    static WspInstance toWsp(Workflow w, Map<String, Integer> ti, Map<String, Integer> oi, List<Workflow.ConstraintSpec> specs) {
        Map<Integer, Set<Integer>> auth = new HashMap<>();
        for (int u = 0; u < oi.size(); u++) auth.put(u, new HashSet<>());
        w.authorizations().forEach((t, orgs) -> orgs.forEach(o -> auth.get(oi.get(o)).add(ti.get(t))));
        List<Constraint> cs = new ArrayList<>();
        for (Workflow.ConstraintSpec c : specs) {
            List<Integer> steps = c.tasks().stream().map(ti::get).toList();
            switch (c.type()) {
                case "sod" -> cs.add(new Constraint.SeparationOfDuty(steps.get(0), steps.get(1)));
                case "bod" -> cs.add(new Constraint.BindingOfDuty(steps.get(0), steps.get(1)));
                case "at-most-k" -> cs.add(new Constraint.AtMostK(c.k(), steps));
                case "one-team" -> cs.add(new Constraint.OneTeam(steps, c.teams().stream()
                        .map(team -> Set.copyOf(team.stream().map(oi::get).toList())).toList()));
                default -> throw new IllegalStateException("constraint type " + c.type() + " passed validation");
            }
        }
        return new WspInstance(ti.size(), oi.size(), auth, cs);
    }
}
