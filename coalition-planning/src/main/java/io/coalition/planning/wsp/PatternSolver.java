package io.coalition.planning.wsp;

import io.coalition.planning.PlanningException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Pattern-based backtracking for WSP with user-independent constraints (Karapetyan, Parkes, Gutin and Gagarin,
 * "Pattern-Based Approach to the Workflow Satisfiability Problem with User-Independent Constraints", JAIR 66,
 * 2019). Separation of duty, binding of duty and at-most-k only ask which steps share a user, not who it is, so
 * the search decides a <em>pattern</em> (a partition of the steps into blocks, one user per block) instead of
 * users: each step joins an existing block or opens a new one. A partial pattern is kept only if the blocks
 * can be given distinct users each authorised for every step of its block: a bipartite matching, repaired by
 * augmenting paths after every decision. This removes the symmetry between users entirely (a new block is one
 * branch, not one per user), which is what makes instances with hundreds of users tractable.
 * <p>
 * Search: the open step with the fewest remaining options is decided next (ties: more constraints first);
 * joining an existing block is tried before opening a new one; after each decision every open step must keep
 * at least one option (forward checking), where an option respects separation of duty (not in a block of a
 * partner), binding of duty (in the block of an assigned partner), at-most-k (a new block only while the
 * scope has fewer than k blocks) and authorisation (the block still has a user authorised for the step).
 * <p>
 * One-team constraints depend on who the users are (team membership), so they are rejected here; use
 * {@link BacktrackingSolver} or {@link SatSolver} for them.
 */
public final class PatternSolver implements WspSolver {
    /** Most failed partial patterns remembered (about 150 bytes each). */
    static final int MEMO_LIMIT = 1 << 20;
    private final long maxNodes;
    private final SearchProgress progress;

    /** Unbounded search, no progress reports. */
    public PatternSolver() {
        this(Long.MAX_VALUE, SearchProgress.NONE);
    }

    /**
     * Gives up with a {@link PlanningException} after {@code maxNodes} search nodes (a deterministic budget) and
     * reports to {@code progress} every {@link SearchProgress#INTERVAL} nodes.
     */
    public PatternSolver(long maxNodes, SearchProgress progress) {
        if (maxNodes < 1) throw new IllegalArgumentException("node budget must be at least 1, got " + maxNodes);
        this.maxNodes = maxNodes;
        this.progress = java.util.Objects.requireNonNull(progress, "progress");
    }

    @Override
    public Optional<int[]> solve(WspInstance instance) {
        for (Constraint c : instance.constraints()) {
            if (c instanceof Constraint.OneTeam) {
                throw new IllegalArgumentException("the pattern solver needs user-independent constraints; one-team"
                        + " depends on team membership (use the backtracking or SAT solver)");
            }
        }
        // restarts with a Luby schedule: a deep wrong early decision is abandoned instead of exhausted; the
        // memo of failed patterns carries over, so every run starts where the proofs so far left off and the
        // whole search stays complete (the budgets grow without bound)
        java.util.Set<String> failed = new java.util.HashSet<>();
        long used = 0;
        for (int run = 1; ; run++) {
            long budget = run == 1 ? FIRST_RUN : luby(run - 1) * RESTART_UNIT;
            Search s = new Search(instance, maxNodes, progress, failed, run, used, budget);
            try {
                return s.run() ? Optional.of(s.plan()) : Optional.empty();
            } catch (Restart r) {
                used = s.nodes;
            }
        }
    }

    /** Nodes of the first (deterministic) run, and the unit of the Luby restart schedule. */
    static final long FIRST_RUN = 200_000, RESTART_UNIT = 20_000;

    /** The Luby sequence 1, 1, 2, 1, 1, 2, 4, 1, ... (i >= 1). */
    static long luby(long i) {
        long k = 1;
        while ((1L << k) - 1 < i) k++;
        while (true) {
            if (i == (1L << k) - 1) return 1L << (k - 1);
            i -= (1L << (k - 1)) - 1;
            k = 1;
            while ((1L << k) - 1 < i) k++;
        }
    }

    /** Unwinds one run of the search when its node budget is spent. */
    private static final class Restart extends RuntimeException {
        Restart() {
            super(null, null, false, false);
        }
    }

    private static final class Search {
        final WspInstance in;
        final int steps, users;
        final long maxNodes;
        final SearchProgress progress;
        final BitSet[] dom;
        final int[][] sod, bod, amkOf;
        final int[] amkK;
        final int[][] amkSteps;
        final int[] block;          // block of each step, -1 while open
        final BitSet[] eligible;    // users authorised for every step of a block
        final int[] blockSize;
        int blocks;
        final int[] userOf;         // matched user of each block
        final int[] blockOf;        // matched block of each user, -1 if free
        final int[][] count;        // count[c][b]: steps of at-most-k constraint c in block b
        final int[] distinct;       // distinct blocks used in at-most-k constraint c
        int assigned, deepest;
        long nodes;
        // partial patterns already proven to have no completion (reachable again by another decision order)
        final java.util.Set<String> failed;
        final char[] key;
        final int[] relabel;

        final java.util.SplittableRandom random;
        final long runLimit;

        Search(WspInstance in, long maxNodes, SearchProgress progress, java.util.Set<String> failed, int run, long nodesBefore, long budget) {
            this.failed = failed;
            this.random = run == 1 ? null : new java.util.SplittableRandom(run);
            this.nodes = nodesBefore;
            this.runLimit = nodesBefore + budget;
            this.in = in;
            this.steps = in.steps();
            this.users = in.users();
            this.maxNodes = maxNodes;
            this.progress = progress;
            dom = in.domains();
            List<List<Integer>> sodL = lists(steps), bodL = lists(steps), amkL = lists(steps);
            List<int[]> amkScopes = new ArrayList<>();
            List<Integer> ks = new ArrayList<>();
            for (Constraint c : in.constraints()) {
                if (c instanceof Constraint.SeparationOfDuty x) {
                    sodL.get(x.first()).add(x.second());
                    sodL.get(x.second()).add(x.first());
                } else if (c instanceof Constraint.BindingOfDuty x) {
                    if (x.first() != x.second()) {
                        bodL.get(x.first()).add(x.second());
                        bodL.get(x.second()).add(x.first());
                    }
                } else if (c instanceof Constraint.AtMostK x) {
                    int[] scope = x.steps().stream().distinct().mapToInt(Integer::intValue).toArray();
                    if (scope.length <= x.k()) continue; // can never bind
                    for (int s : scope) amkL.get(s).add(amkScopes.size());
                    amkScopes.add(scope);
                    ks.add(x.k());
                }
            }
            sod = arrays(sodL);
            bod = arrays(bodL);
            amkOf = arrays(amkL);
            amkSteps = amkScopes.toArray(int[][]::new);
            amkK = ks.stream().mapToInt(Integer::intValue).toArray();
            block = new int[steps];
            Arrays.fill(block, -1);
            eligible = new BitSet[steps];
            blockSize = new int[steps];
            userOf = new int[steps];
            blockOf = new int[users];
            Arrays.fill(blockOf, -1);
            count = new int[amkSteps.length][steps];
            distinct = new int[amkSteps.length];
            key = new char[steps];
            relabel = new int[steps];
        }

        /** The partial pattern up to renaming the blocks: blocks numbered by their first step, '.' for open. */
        String canonical() {
            Arrays.fill(relabel, 0, blocks, -1);
            int next = 0;
            for (int s = 0; s < steps; s++) {
                int b = block[s];
                if (b < 0) {
                    key[s] = '.';
                } else {
                    if (relabel[b] < 0) relabel[b] = next++;
                    key[s] = (char) ('0' + relabel[b]);
                }
            }
            return new String(key);
        }

        boolean run() {
            for (int s = 0; s < steps; s++) {
                if (dom[s].isEmpty()) return false;
                for (int p : sod[s]) if (p == s) return false; // s != s never holds
            }
            return recurse();
        }

        int[] plan() {
            int[] plan = new int[steps];
            for (int s = 0; s < steps; s++) plan[s] = userOf[block[s]];
            return plan;
        }

        boolean recurse() {
            if (++nodes > maxNodes) {
                throw new PlanningException("pattern search stopped after " + maxNodes + " nodes on an instance of "
                        + steps + " steps and " + users + " users (use the SAT solver or a larger budget)");
            }
            if (nodes % SearchProgress.INTERVAL == 0 && !progress.report(nodes, assigned, deepest, steps)) {
                throw new PlanningException("pattern search cancelled after " + nodes + " nodes (" + deepest + " of "
                        + steps + " steps reached)");
            }
            if (assigned == steps) return true;
            if (nodes > runLimit) throw new Restart();
            String pattern = canonical();
            if (failed.contains(pattern)) return false;
            if (!expand()) {
                if (failed.size() < MEMO_LIMIT) failed.add(pattern);
                return false;
            }
            return true;
        }

        boolean expand() {
            free = vacatable(-1);
            if (!amkBoundsHold()) return false;
            // choose the open step with the fewest options; an open step without options fails this node
            int best = -1, bestOptions = Integer.MAX_VALUE, bestDegree = -1, ties = 0;
            for (int s = 0; s < steps; s++) {
                if (block[s] >= 0) continue;
                int options = 0;
                for (int b = 0; b < blocks; b++) if (canJoin(s, b)) options++;
                if (canOpen(s)) options++;
                if (options == 0) return false;
                int degree = sod[s].length + bod[s].length + amkOf[s].length;
                if (options < bestOptions || (options == bestOptions && degree > bestDegree)) {
                    best = s;
                    bestOptions = options;
                    bestDegree = degree;
                    ties = 1;
                } else if (random != null && options == bestOptions && degree == bestDegree && random.nextInt(++ties) == 0) {
                    best = s; // restarts break ties at random (reservoir sampling)
                }
            }
            int s = best;
            int shift = random == null || blocks == 0 ? 0 : random.nextInt(blocks);
            for (int i = 0; i < blocks; i++) {
                int b = (i + shift) % blocks;
                if (!canJoin(s, b)) continue;
                if (join(s, b)) return true;
            }
            return canOpen(s) && open(s);
        }

        /** Users that can be freed for a new demand (node-local, see {@link #vacatable}). */
        BitSet free;

        boolean canJoin(int s, int b) {
            for (int p : sod[s]) if (block[p] == b) return false;
            for (int p : bod[s]) if (block[p] >= 0 && block[p] != b) return false;
            for (int c : amkOf[s]) if (distinct[c] == amkK[c] && count[c][b] == 0) return false;
            if (!eligible[b].intersects(dom[s])) return false;
            if (dom[s].get(userOf[b])) return true;
            // b must move to another user authorised for s: one that is free or can be freed, where b's own
            // current user counts as free (b gives it up)
            BitSet narrowed = (BitSet) eligible[b].clone();
            narrowed.and(dom[s]);
            return narrowed.intersects(free) || narrowed.intersects(vacatable(b));
        }

        boolean canOpen(int s) {
            for (int p : bod[s]) if (block[p] >= 0) return false;
            for (int c : amkOf[s]) if (distinct[c] == amkK[c]) return false;
            return dom[s].intersects(free);
        }

        /**
         * Users that are unmatched or can be made unmatched by moving blocks along an alternating path (the
         * Hungarian forest grown from the free users); with {@code without >= 0} that block's user counts as
         * free and the block does not move. A new block (or a block that must change user) can be matched iff it
         * has an eligible user in this set.
         */
        BitSet vacatable(int without) {
            BitSet f = new BitSet(users);
            f.set(0, users);
            for (int b = 0; b < blocks; b++) if (b != without) f.clear(userOf[b]);
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int b = 0; b < blocks; b++) {
                    if (b == without || f.get(userOf[b])) continue;
                    if (eligible[b].intersects(f)) {
                        f.set(userOf[b]);
                        changed = true;
                    }
                }
            }
            return f;
        }

        /**
         * At-most-k lookahead: the open steps of a scope that cannot join any block already used there need new
         * blocks, at least as many as a greedy clique of them that pairwise cannot share a block (separation of
         * duty, or no user authorised for both).
         */
        boolean amkBoundsHold() {
            for (int c = 0; c < amkSteps.length; c++) {
                if (distinct[c] == amkK[c]) continue; // the per-step options already enforce a full scope
                int[] clique = new int[amkSteps[c].length];
                int size = 0;
                for (int s : amkSteps[c]) {
                    if (block[s] >= 0) continue;
                    boolean joins = false;
                    for (int b = 0; b < blocks && !joins; b++) if (count[c][b] > 0 && canJoin(s, b)) joins = true;
                    if (joins) continue;
                    boolean conflictsAll = true;
                    for (int i = 0; i < size && conflictsAll; i++) conflictsAll = cannotShare(s, clique[i]);
                    if (conflictsAll) clique[size++] = s;
                }
                if (distinct[c] + size > amkK[c]) return false;
            }
            return true;
        }

        boolean cannotShare(int s, int t) {
            for (int p : sod[s]) if (p == t) return true;
            return !dom[s].intersects(dom[t]);
        }

        /** Puts open step s into existing block b and recurses; undoes everything unless a plan was found. */
        boolean join(int s, int b) {
            BitSet before = eligible[b];
            int[] savedUserOf = null, savedBlockOf = null;
            BitSet narrowed = (BitSet) before.clone();
            narrowed.and(dom[s]);
            eligible[b] = narrowed;
            boolean ok = true;
            if (!narrowed.get(userOf[b])) {
                savedUserOf = Arrays.copyOf(userOf, blocks);
                savedBlockOf = blockOf.clone();
                blockOf[userOf[b]] = -1;
                userOf[b] = -1;
                ok = augment(b, new BitSet(users));
            }
            if (ok) {
                place(s, b, +1);
                if (recurse()) return true;
                place(s, b, -1);
            }
            eligible[b] = before;
            if (savedUserOf != null) {
                System.arraycopy(savedUserOf, 0, userOf, 0, savedUserOf.length);
                System.arraycopy(savedBlockOf, 0, blockOf, 0, users);
            }
            return false;
        }

        /** Opens a new block for step s and recurses; undoes everything unless a plan was found. */
        boolean open(int s) {
            int b = blocks++;
            eligible[b] = (BitSet) dom[s].clone();
            userOf[b] = -1;
            int[] savedUserOf = Arrays.copyOf(userOf, b);
            int[] savedBlockOf = blockOf.clone();
            if (augment(b, new BitSet(users))) {
                place(s, b, +1);
                if (recurse()) return true;
                place(s, b, -1);
            }
            System.arraycopy(savedUserOf, 0, userOf, 0, b);
            System.arraycopy(savedBlockOf, 0, blockOf, 0, users);
            eligible[b] = null;
            blocks--;
            return false;
        }

        void place(int s, int b, int delta) {
            block[s] = delta > 0 ? b : -1;
            blockSize[b] += delta;
            for (int c : amkOf[s]) {
                if (delta > 0 && count[c][b]++ == 0) distinct[c]++;
                if (delta < 0 && --count[c][b] == 0) distinct[c]--;
            }
            assigned += delta;
            deepest = Math.max(deepest, assigned);
        }

        /** Kuhn's augmenting path from block b over users not yet visited. */
        boolean augment(int b, BitSet visited) {
            BitSet e = eligible[b];
            for (int u = e.nextSetBit(0); u >= 0; u = e.nextSetBit(u + 1)) {
                if (visited.get(u)) continue;
                visited.set(u);
                if (blockOf[u] < 0 || augment(blockOf[u], visited)) {
                    blockOf[u] = b;
                    userOf[b] = u;
                    return true;
                }
            }
            return false;
        }

        static List<List<Integer>> lists(int n) {
            List<List<Integer>> l = new ArrayList<>();
            for (int i = 0; i < n; i++) l.add(new ArrayList<>());
            return l;
        }

        static int[][] arrays(List<List<Integer>> l) {
            return l.stream().map(x -> x.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        }
    }
}
