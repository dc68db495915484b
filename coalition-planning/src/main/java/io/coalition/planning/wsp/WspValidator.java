package io.coalition.planning.wsp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a plan against an instance by direct evaluation of each constraint, sharing no code with the
 * solvers, so that solver output can be verified independently.
 */
public final class WspValidator {
    private WspValidator() {
    }

    /** Every violated rule, in instance order (steps and users 1-based in messages); empty when valid. */
    public static List<String> violations(WspInstance in, int[] plan) {
        List<String> out = new ArrayList<>();
        if (plan.length != in.steps()) {
            out.add("plan has " + plan.length + " steps, instance has " + in.steps());
            return out;
        }
        for (int s = 0; s < plan.length; s++) {
            if (plan[s] < 0 || plan[s] >= in.users()) out.add("s" + (s + 1) + ": no such user u" + (plan[s] + 1));
            else if (!in.authorised(plan[s], s)) out.add("s" + (s + 1) + ": u" + (plan[s] + 1) + " is not authorised");
        }
        if (!out.isEmpty()) return out;
        for (Constraint c : in.constraints()) {
            boolean ok;
            if (c instanceof Constraint.SeparationOfDuty sod) ok = plan[sod.first()] != plan[sod.second()];
            else if (c instanceof Constraint.BindingOfDuty bod) ok = plan[bod.first()] == plan[bod.second()];
            else if (c instanceof Constraint.AtMostK amk) ok = amk.steps().stream().map(s -> plan[s]).distinct().count() <= amk.k();
            else {
                Constraint.OneTeam ot = (Constraint.OneTeam) c;
                Set<Integer> used = new HashSet<>();
                ot.steps().forEach(s -> used.add(plan[s]));
                ok = ot.teams().stream().anyMatch(team -> team.containsAll(used));
            }
            if (!ok) out.add("violated: " + describe(c));
        }
        return out;
    }

    static String describe(Constraint c) {
        if (c instanceof Constraint.SeparationOfDuty sod) return "separation of duty s" + (sod.first() + 1) + " s" + (sod.second() + 1);
        if (c instanceof Constraint.BindingOfDuty bod) return "binding of duty s" + (bod.first() + 1) + " s" + (bod.second() + 1);
        if (c instanceof Constraint.AtMostK amk) return "at most " + amk.k() + " users on " + steps(amk.steps());
        return "one team on " + steps(c.scope());
    }

    private static String steps(List<Integer> steps) {
        return steps.stream().map(s -> "s" + (s + 1)).toList().toString();
    }
}
