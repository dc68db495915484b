package io.coalition.planning.wsp;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A workflow satisfiability problem: {@code steps} steps, {@code users} users (both 0-based), the steps each
 * restricted user may perform, and user-independent constraints. A user absent from {@code authorisations}
 * may perform every step (the reading of ../shared/data/wsp/FORMAT.md).
 */
public record WspInstance(int steps, int users, Map<Integer, Set<Integer>> authorisations,
                          List<Constraint> constraints) {
    public WspInstance {
        if (steps < 1) throw new IllegalArgumentException("a WSP instance needs at least one step, got " + steps);
        if (users < 1) throw new IllegalArgumentException("a WSP instance needs at least one user, got " + users);
        TreeMap<Integer, Set<Integer>> copy = new TreeMap<>();
        authorisations.forEach((u, s) -> {
            check(u, users, "user");
            s.forEach(step -> check(step, steps, "step"));
            copy.put(u, Set.copyOf(s));
        });
        authorisations = java.util.Collections.unmodifiableMap(copy);
        constraints = List.copyOf(constraints);
        for (Constraint c : constraints) {
            c.scope().forEach(step -> check(step, steps, "step"));
            if (c instanceof Constraint.OneTeam t) t.teams().forEach(team -> team.forEach(u -> check(u, users, "user")));
        }
    }

    private static void check(int value, int bound, String what) {
        if (value < 0 || value >= bound) {
            throw new IllegalArgumentException(what + " index " + value + " outside 0.." + (bound - 1));
        }
    }

    /** Whether {@code user} may perform {@code step} under the authorisations alone. */
    public boolean authorised(int user, int step) {
        Set<Integer> allowed = authorisations.get(user);
        return allowed == null || allowed.contains(step);
    }

    /** The users authorised for each step. */
    public BitSet[] domains() {
        BitSet[] d = new BitSet[steps];
        for (int s = 0; s < steps; s++) {
            d[s] = new BitSet(users);
            for (int u = 0; u < users; u++) if (authorised(u, s)) d[s].set(u);
        }
        return d;
    }
}
