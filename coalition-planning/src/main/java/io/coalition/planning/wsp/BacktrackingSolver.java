package io.coalition.planning.wsp;

import io.coalition.planning.PlanningException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exact WSP search: depth-first over steps with forward checking. After each assignment, separation of duty
 * removes the user from the partner's domain, binding of duty fixes the partner, an at-most-k scope that has
 * reached k users restricts its open steps to those users, and a one-team scope restricts its open steps to
 * the teams still containing every user already chosen there. An empty domain backtracks.
 * <p>
 * Two modes: {@link #solve} (feasibility; steps by smallest domain first, and users that are indistinguishable
 * by authorisations and team membership and still unused are tried once) and {@link #best} (branch and bound
 * for the plans of highest total score, steps in a given order, e.g. seed 001's task priority order).
 */
public final class BacktrackingSolver implements WspSolver {
    private final long maxNodes;
    private final SearchProgress progress;

    /** Unbounded search. */
    public BacktrackingSolver() {
        this(Long.MAX_VALUE);
    }

    /** Gives up with a {@link PlanningException} after {@code maxNodes} search nodes (a deterministic budget). */
    public BacktrackingSolver(long maxNodes) {
        this(maxNodes, SearchProgress.NONE);
    }

    /** As {@link #BacktrackingSolver(long)}, reporting to {@code progress} (which may cancel) every {@link SearchProgress#INTERVAL} nodes. */
    public BacktrackingSolver(long maxNodes, SearchProgress progress) {
        if (maxNodes < 1) throw new IllegalArgumentException("node budget must be at least 1, got " + maxNodes);
        this.maxNodes = maxNodes;
        this.progress = java.util.Objects.requireNonNull(progress, "progress");
    }

    /** A plan and its total score. */
    public record ScoredPlan(int[] plan, double score) {
        public ScoredPlan {
            plan = plan.clone();
        }

        @Override
        public int[] plan() {
            return plan.clone();
        }
    }

    @Override
    public Optional<int[]> solve(WspInstance instance) {
        Search s = new Search(instance, null, null, 1, maxNodes, progress);
        s.run();
        return s.found.isEmpty() ? Optional.empty() : Optional.of(s.found.get(0).plan());
    }

    /**
     * The {@code k} valid plans of highest total score, best first (ties keep the order found). {@code score[s][u]}
     * is the value of giving step s to user u; {@code order} lists the steps in the order they are decided.
     */
    public List<ScoredPlan> best(WspInstance instance, double[][] score, int[] order, int k) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (score.length != instance.steps()) throw new IllegalArgumentException("score has " + score.length + " rows, instance has " + instance.steps() + " steps");
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != i || sorted.length != instance.steps()) throw new IllegalArgumentException("order must be a permutation of 0.." + (instance.steps() - 1));
        }
        Search s = new Search(instance, score, order, k, maxNodes, progress);
        s.run();
        return List.copyOf(s.found);
    }

    private static final class Search {
        final WspInstance in;
        final double[][] score;
        final int[] order;
        final int k;
        final List<Constraint>[] byStep;
        final int[] assign;
        final int[] usedCount;
        final int[] userClass;
        final List<ScoredPlan> found = new ArrayList<>();
        final long maxNodes;
        final SearchProgress progress;
        long nodes;
        int deepest;

        @SuppressWarnings("unchecked")
        Search(WspInstance in, double[][] score, int[] order, int k, long maxNodes, SearchProgress progress) {
            this.maxNodes = maxNodes;
            this.progress = progress;
            this.in = in;
            this.score = score;
            this.order = order;
            this.k = k;
            byStep = new List[in.steps()];
            for (int s = 0; s < in.steps(); s++) byStep[s] = new ArrayList<>();
            for (Constraint c : in.constraints()) for (int s : new java.util.TreeSet<>(c.scope())) byStep[s].add(c);
            assign = new int[in.steps()];
            Arrays.fill(assign, -1);
            usedCount = new int[in.users()];
            userClass = score == null ? classes(in) : null;
        }

        /** Users with the same authorisations and the same team memberships get the same class. */
        static int[] classes(WspInstance in) {
            Map<String, Integer> ids = new HashMap<>();
            int[] cls = new int[in.users()];
            for (int u = 0; u < in.users(); u++) {
                StringBuilder key = new StringBuilder();
                var auth = in.authorisations().get(u);
                key.append(auth == null ? "*" : new java.util.TreeSet<>(auth).toString());
                int ci = 0;
                for (Constraint c : in.constraints()) {
                    if (c instanceof Constraint.OneTeam ot) {
                        for (int t = 0; t < ot.teams().size(); t++) if (ot.teams().get(t).contains(u)) key.append('|').append(ci).append(':').append(t);
                    }
                    ci++;
                }
                cls[u] = ids.computeIfAbsent(key.toString(), x -> ids.size());
            }
            return cls;
        }

        void run() {
            BitSet[] dom = in.domains();
            for (Constraint c : in.constraints()) {
                if (c instanceof Constraint.OneTeam ot) {
                    BitSet members = new BitSet();
                    ot.teams().forEach(t -> t.forEach(members::set));
                    for (int s : ot.steps()) dom[s].and(members);
                }
            }
            for (BitSet d : dom) if (d.isEmpty()) return;
            recurse(dom, 0, 0.0);
        }

        /** Returns true to stop the whole search. */
        boolean recurse(BitSet[] dom, int depth, double value) {
            if (++nodes > maxNodes) {
                throw new PlanningException("backtracking search stopped after " + maxNodes + " nodes on an instance of "
                        + in.steps() + " steps and " + in.users() + " users (use the SAT solver or a larger budget)");
            }
            deepest = Math.max(deepest, depth);
            if (nodes % SearchProgress.INTERVAL == 0 && !progress.report(nodes, depth, deepest, in.steps())) {
                throw new PlanningException("backtracking search cancelled after " + nodes + " nodes (" + deepest + " of "
                        + in.steps() + " steps reached)");
            }
            if (depth == in.steps()) {
                record(value);
                return score == null;
            }
            int step = score == null ? mostConstrained(dom) : order[depth];
            if (score != null && found.size() == k && value + bound(dom, depth) <= found.get(k - 1).score()) return false;
            Integer[] candidates = dom[step].stream().boxed().toArray(Integer[]::new);
            if (score != null) Arrays.sort(candidates, Comparator.comparingDouble((Integer u) -> -score[step][u]));
            BitSet triedFresh = new BitSet();
            for (int u : candidates) {
                if (userClass != null && usedCount[u] == 0) {
                    if (triedFresh.get(userClass[u])) continue;
                    triedFresh.set(userClass[u]);
                }
                BitSet[] next = copy(dom);
                next[step].clear();
                next[step].set(u);
                assign[step] = u;
                usedCount[u]++;
                boolean stop = false;
                if (propagate(next, step, u)) {
                    stop = recurse(next, depth + 1, score == null ? 0 : value + score[step][u]);
                }
                usedCount[u]--;
                assign[step] = -1;
                if (stop) return true;
            }
            return false;
        }

        void record(double value) {
            ScoredPlan p = new ScoredPlan(assign, value);
            int i = 0;
            while (i < found.size() && found.get(i).score() >= value) i++;
            found.add(i, p);
            if (found.size() > k) found.remove(found.size() - 1);
        }

        double bound(BitSet[] dom, int depth) {
            double b = 0;
            for (int d = depth; d < order.length; d++) {
                int s = order[d];
                double best = Double.NEGATIVE_INFINITY;
                for (int u = dom[s].nextSetBit(0); u >= 0; u = dom[s].nextSetBit(u + 1)) best = Math.max(best, score[s][u]);
                b += best;
            }
            return b;
        }

        int mostConstrained(BitSet[] dom) {
            int best = -1, bestSize = Integer.MAX_VALUE, bestDegree = -1;
            for (int s = 0; s < in.steps(); s++) {
                if (assign[s] >= 0) continue;
                int size = dom[s].cardinality();
                int degree = byStep[s].size();
                if (size < bestSize || (size == bestSize && degree > bestDegree)) {
                    best = s;
                    bestSize = size;
                    bestDegree = degree;
                }
            }
            return best;
        }

        boolean propagate(BitSet[] dom, int step, int user) {
            for (Constraint c : byStep[step]) {
                if (c instanceof Constraint.SeparationOfDuty sod) {
                    int other = sod.first() == step ? sod.second() : sod.first();
                    if (other == step) return false; // s != s can never hold
                    if (assign[other] == user) return false;
                    if (assign[other] < 0) {
                        dom[other].clear(user);
                        if (dom[other].isEmpty()) return false;
                    }
                } else if (c instanceof Constraint.BindingOfDuty bod) {
                    int other = bod.first() == step ? bod.second() : bod.first();
                    if (assign[other] >= 0) {
                        if (assign[other] != user) return false;
                    } else {
                        if (!dom[other].get(user)) return false;
                        dom[other].clear();
                        dom[other].set(user);
                    }
                } else if (c instanceof Constraint.AtMostK amk) {
                    BitSet usedHere = new BitSet();
                    for (int s : amk.steps()) if (assign[s] >= 0) usedHere.set(assign[s]);
                    int n = usedHere.cardinality();
                    if (n > amk.k()) return false;
                    if (n == amk.k()) {
                        for (int s : amk.steps()) {
                            if (assign[s] < 0) {
                                dom[s].and(usedHere);
                                if (dom[s].isEmpty()) return false;
                            }
                        }
                    }
                } else if (c instanceof Constraint.OneTeam ot) {
                    BitSet allowed = new BitSet();
                    for (var team : ot.teams()) {
                        boolean all = true;
                        for (int s : ot.steps()) if (assign[s] >= 0 && !team.contains(assign[s])) { all = false; break; }
                        if (all) team.forEach(allowed::set);
                    }
                    if (allowed.isEmpty()) return false;
                    for (int s : ot.steps()) {
                        if (assign[s] < 0) {
                            dom[s].and(allowed);
                            if (dom[s].isEmpty()) return false;
                        }
                    }
                }
            }
            return true;
        }

        static BitSet[] copy(BitSet[] dom) {
            BitSet[] c = new BitSet[dom.length];
            for (int i = 0; i < dom.length; i++) c[i] = (BitSet) dom[i].clone();
            return c;
        }
    }
}
