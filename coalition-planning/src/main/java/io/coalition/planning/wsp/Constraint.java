package io.coalition.planning.wsp;

import java.util.List;
import java.util.Set;

/**
 * A user-independent WSP constraint over 0-based step indices (users are 0-based too). Authorisations are
 * not constraints here: they are the instance's per-step domains.
 */
public sealed interface Constraint {
    /** The steps this constraint mentions. */
    List<Integer> scope();

    /** Separation of duty: the two steps get different users (seed 001: C(t, t', ≠)). */
    record SeparationOfDuty(int first, int second) implements Constraint {
        public List<Integer> scope() {
            return List.of(first, second);
        }
    }

    /** Binding of duty: the two steps get the same user (seed 001: C(t, t', =)). */
    record BindingOfDuty(int first, int second) implements Constraint {
        public List<Integer> scope() {
            return List.of(first, second);
        }
    }

    /** At most {@code k} distinct users over the listed steps. */
    record AtMostK(int k, List<Integer> steps) implements Constraint {
        public AtMostK {
            if (k < 1) throw new IllegalArgumentException("at-most-k needs k >= 1, got " + k);
            steps = List.copyOf(steps);
        }

        public List<Integer> scope() {
            return steps;
        }
    }

    /** All listed steps are performed by members of one and the same team. */
    record OneTeam(List<Integer> steps, List<Set<Integer>> teams) implements Constraint {
        public OneTeam {
            steps = List.copyOf(steps);
            teams = teams.stream().map(Set::copyOf).toList();
        }

        public List<Integer> scope() {
            return steps;
        }
    }
}
