package io.coalition.mining.inductive;

import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;
import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.TreeToPetriNet;
import io.coalition.mining.tree.ProcessTree.Operator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Inductive Miner (Leemans, Fahland, van der Aalst 2013) and its infrequent variant IMf, with pm4py's
 * semantics (the {@code im_clean} implementation, pm4py 2.2-2.3): empty traces first (an XOR with tau when more
 * than {@code noise} of the traces are empty), base cases, then the sequence, XOR, parallel (with minimum self
 * distance witnesses) and loop cuts on the DFG, then the fall-throughs activity-once-per-trace,
 * activity-concurrent, strict tau loop and tau loop; with {@code noise > 0} the cuts are then tried once more on
 * the DFG without the edges whose count is at most {@code noise} times the largest outgoing count of their
 * source, and the flower model is the last resort. The log splits are pm4py's tolerant ones (a trace goes to
 * the XOR branch holding most of its events, sequences split at least-cost points), so IM and IMf share them.
 *
 * <p>Works on variants with counts (IM ignores counts, IMf's thresholds use them). Ties that pm4py resolves by
 * Python set order are resolved by first occurrence in the log; compare trees with
 * {@link ProcessTree#equalsUpToCommutativeOrder}.
 */
public final class InductiveMiner {
    /** IMf's default noise threshold (pm4py and ProM). */
    public static final double DEFAULT_NOISE = 0.2;

    private final String[] names;
    private final double threshold;
    private final boolean late;

    private InductiveMiner(String[] names, double threshold, boolean late) {
        this.names = names;
        this.threshold = threshold;
        this.late = late;
    }

    /** IM (no noise filtering). */
    public static ProcessTree mine(IndexedLog log) {
        return mine(log, 0.0);
    }

    /** IMf with noise threshold {@code noise} in [0, 1]; 0 is IM. The tree is folded as pm4py folds it. */
    public static ProcessTree mine(IndexedLog log, double noise) {
        return mineClean(log, noise, false);
    }

    private static ProcessTree mineClean(IndexedLog log, double noise, boolean late) {
        requireNoise(noise);
        List<IndexedLog.Variant> vs = log.variants();
        int[][] ts = new int[vs.size()][];
        long[] cs = new long[vs.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = vs.get(i).activities();
            cs[i] = vs.get(i).count();
        }
        return mineVariants(log.activities().toArray(new String[0]), ts, cs, noise, late);
    }

    /**
     * IM_CLEAN (IMf for {@code noise > 0}) on variants given directly: ids index {@code names} (ascending, as an
     * {@link IndexedLog}'s), variants in order of first occurrence; what {@link IncrementalInductiveMiner} keeps.
     */
    static ProcessTree mineVariants(String[] names, int[][] ts, long[] cs, double noise, boolean late) {
        requireNoise(noise);
        return new InductiveMiner(names, noise, late).im(new Sub(ts, cs), false).fold();
    }

    /**
     * Which pm4py implementation to follow. {@link #IM_CLEAN} (the default) is pm4py's {@code im_clean}
     * implementation; {@link #PM4PY_PLAIN} is pm4py 2.0-2.2's log-based {@code variants/im} ("plain" IM), and with
     * noise > 0 that release's IMf ({@code variants/im_f}, see {@code PlainInfrequentInductiveMiner}), which gives
     * TraVaS' pm4py 2.2 baselines on Sepsis and BPIC 2013 exactly;
     * {@link #PM4PY_FRAMEWORK} is pm4py 2.3-2.7's rewritten framework ({@code variants/im.py}, {@code imf.py}),
     * whose IMf filters the DFG in every recursion that finds no cut (see {@code FrameworkInductiveMiner}).
     * {@link #IM_CLEAN_LATE} is the later {@code im_clean} (its compression-based {@code log_im.py}, late 2.2.x):
     * as {@code IM_CLEAN}, but IMf's filter counts a source's end occurrences among its outgoing counts
     * ({@code utils.__filter_dfg_on_threshold}), the sequence cut is Leemans' strict one
     * ({@code cuts/sequence_strict}) and the XOR cut's components come in alphabet order, as networkx lists them
     * (which decides where a trace with equally many events in two components goes); it reproduces pm4py's
     * notebook-5 receipt model (see the README).
     * {@link #PM4PY_IMDF} is pm4py 1.x's DFG-based IM ({@code versions/dfg}, see {@code DfgInductiveMiner}), which
     * splits the DFG instead of the log, so its models need not fit; its noise threshold (pm4py 1.x's default 0)
     * only reorders the choices of a flower, as that version's code did (see {@code DfgInductiveMiner}).
     * {@link #PROM} is ProM's Inductive Miner (S. Leemans' {@code InductiveMiner} package: IM, and IMf for
     * noise > 0; see {@code PromInductiveMiner}).
     */
    public enum Variant { IM_CLEAN, PM4PY_PLAIN, PM4PY_FRAMEWORK, IM_CLEAN_LATE, PM4PY_IMDF, PROM }

    /** A log's variants as the ported miners take them: activity-index traces and their counts, in log order. */
    private record VariantLists(List<int[]> traces, List<Long> counts) {
        static VariantLists of(IndexedLog log) {
            List<int[]> traces = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            for (IndexedLog.Variant v : log.variants()) {
                traces.add(v.activities());
                counts.add((long) v.count());
            }
            return new VariantLists(traces, counts);
        }
    }

    /**
     * {@link Variant#PROM}; with {@code choices}, the choices ProM leaves to hash order and thread timing are made by
     * them instead (see {@code PromInductiveMiner}), to show which trees other orders reach.
     */
    static ProcessTree mineProm(IndexedLog log, double noise, PromInductiveMiner.Choices choices) {
        VariantLists v = VariantLists.of(log);
        return new PromInductiveMiner(log.activities().toArray(new String[0]), noise, choices).mine(v.traces(), v.counts());
    }

    /**
     * {@link Variant#PROM} with the choices ProM leaves to hash order and to the race of its parallel
     * activity-concurrent jobs drawn from {@code orderSeed} instead of ProM's default order: ProM's own runs may give
     * any of these trees, and 11 of the 30 reference trees are such runs (see README, "Other orders").
     */
    public static ProcessTree mineProm(IndexedLog log, double noise, long orderSeed) {
        requireNoise(noise);
        return mineProm(log, noise, PromInductiveMiner.Choices.drawn(new java.util.Random(orderSeed)));
    }

    static void requireNoise(double noise) {
        if (!(noise >= 0 && noise <= 1)) throw new IllegalArgumentException("noise must be in [0, 1]: " + noise);
    }

    /** IM or IMf with the given pm4py variant's semantics; see {@link Variant}. */
    public static ProcessTree mine(IndexedLog log, double noise, Variant variant) {
        if (variant == Variant.IM_CLEAN) return mine(log, noise);
        if (variant == Variant.IM_CLEAN_LATE) return mineClean(log, noise, true);
        requireNoise(noise);
        if (variant == Variant.PM4PY_IMDF) return DfgInductiveMiner.mine(log, noise);
        if (variant == Variant.PROM) return mineProm(log, noise, null);
        if (variant == Variant.PM4PY_FRAMEWORK) {
            VariantLists v = VariantLists.of(log);
            // folded and sorted as pm4py's algorithm.apply returns it
            return FrameworkInductiveMiner.pm4pyTreeSort(
                    new FrameworkInductiveMiner(log.activities().toArray(new String[0]), noise).mine(v.traces(), v.counts()).fold());
        }
        VariantLists v = VariantLists.of(log);
        String[] names = log.activities().toArray(new String[0]);
        // pm4py 2.0-2.2: noise 0 is the plain IM (variants/im), noise > 0 its IMf (variants/im_f); 2.2's
        // im_f/algorithm.apply_tree folds and then tree_sorts, and its converter names places and silent
        // transitions in that order
        if (noise > 0) {
            return FrameworkInductiveMiner.pm4pyTreeSort(new PlainInfrequentInductiveMiner(names, noise).mine(v.traces(), v.counts()).fold());
        }
        return new PlainInductiveMiner(names).mine(v.traces()).fold();
    }

    /** The workflow net of {@link #mine(IndexedLog, double)}. */
    public static AcceptingPetriNet minePetriNet(IndexedLog log, double noise) {
        return TreeToPetriNet.convert(mine(log, noise));
    }

    // ---------------------------------------------------------------------------------------------------------
    // sub-logs

    /** A multiset of traces over global activity ids, merged by variant, in order of first occurrence. */
    static final class Sub {
        final int[][] traces;
        final long[] counts;
        final long total;

        Sub(int[][] traces, long[] counts) {
            this.traces = traces;
            this.counts = counts;
            long t = 0;
            for (long c : counts) t += c;
            this.total = t;
        }

        static final Sub EMPTY = new Sub(new int[0][], new long[0]);
    }

    private record Key(int[] a) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.a, a);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(a);
        }
    }

    /** Collects traces and merges equal ones. */
    private static final class SubBuilder {
        final Map<Key, Integer> index = new HashMap<>();
        final List<int[]> traces = new ArrayList<>();
        final List<long[]> counts = new ArrayList<>();

        void add(int[] t, long c) {
            Integer i = index.get(new Key(t));
            if (i == null) {
                index.put(new Key(t), traces.size());
                traces.add(t);
                counts.add(new long[] {c});
            } else {
                counts.get(i)[0] += c;
            }
        }

        Sub build() {
            long[] cs = new long[counts.size()];
            for (int i = 0; i < cs.length; i++) cs[i] = counts.get(i)[0];
            return new Sub(traces.toArray(new int[0][]), cs);
        }
    }

    /** The DFG of a sub-log over its local alphabet (first-occurrence order). */
    private static final class Graph {
        final int[] alpha;          // local -> global
        final Map<Integer, Integer> local = new HashMap<>();
        final int k;
        final long[][] edges;
        final boolean[] start;
        final boolean[] end;
        final long[] endCount;

        Graph(Sub log) {
            List<Integer> al = new ArrayList<>();
            for (int[] t : log.traces) {
                for (int a : t) {
                    if (!local.containsKey(a)) {
                        local.put(a, al.size());
                        al.add(a);
                    }
                }
            }
            k = al.size();
            alpha = al.stream().mapToInt(Integer::intValue).toArray();
            edges = new long[k][k];
            start = new boolean[k];
            end = new boolean[k];
            endCount = new long[k];
            for (int i = 0; i < log.traces.length; i++) {
                int[] t = log.traces[i];
                if (t.length == 0) continue;
                long c = log.counts[i];
                endCount[local.get(t[t.length - 1])] += c;
                start[local.get(t[0])] = true;
                end[local.get(t[t.length - 1])] = true;
                int prev = local.get(t[0]);
                for (int j = 1; j < t.length; j++) {
                    int cur = local.get(t[j]);
                    edges[prev][cur] += c;
                    prev = cur;
                }
            }
        }

        boolean edge(int a, int b) {
            return edges[a][b] > 0;
        }

        boolean empty() {
            for (long[] row : edges) for (long v : row) if (v > 0) return false;
            return true;
        }

        /**
         * pm4py IMf: drop (a,b) unless its count exceeds threshold * the largest count leaving a; with
         * {@code withEnds} (the later im_clean) a's end count is one of the counts leaving a.
         */
        void filter(double threshold, boolean withEnds) {
            for (int a = 0; a < k; a++) {
                long max = withEnds ? endCount[a] : 0;
                for (long v : edges[a]) max = Math.max(max, v);
                for (int b = 0; b < k; b++) {
                    if (edges[a][b] > 0 && !(edges[a][b] > threshold * max)) edges[a][b] = 0;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // the recursion

    private ProcessTree im(Sub log, boolean removeNoise) {
        Graph g = new Graph(log);
        if (threshold > 0 && removeNoise) g.filter(threshold, late);
        SubBuilder ne = new SubBuilder();
        for (int i = 0; i < log.traces.length; i++) if (log.traces[i].length > 0) ne.add(log.traces[i], log.counts[i]);
        Sub nonEmpty = ne.build();
        if (log.total - nonEmpty.total > log.total * threshold) {
            return ProcessTree.xor(im(Sub.EMPTY, false), im(nonEmpty, false));
        }
        log = nonEmpty;
        if (log.total == 0) return ProcessTree.tau();
        if (g.k == 1) {
            boolean allSingle = true;
            for (int[] t : log.traces) allSingle &= t.length == 1;
            if (allSingle) return ProcessTree.activity(names[g.alpha[0]]);
        }
        List<int[]> cut = sequenceCut(g);
        if (cut != null && late) cut = strictSequence(g, cut);
        if (cut != null) return operator(Operator.SEQUENCE, projectSequence(log, g, cut));
        cut = xorCut(g);
        if (cut != null && late) cut = inAlphabetOrder(cut);
        if (cut != null) return operator(Operator.XOR, projectXor(log, g, cut));
        cut = parallelCut(g, g.start, g.end, witnesses(log, g, msd(log, g)));
        if (cut != null) return operator(Operator.PARALLEL, projectParallel(log, g, cut));
        cut = loopCut(g);
        if (cut != null) return loop(projectLoop(log, g, cut));

        int once = activityOncePerTrace(log, g);
        if (once >= 0) {
            return ProcessTree.parallel(ProcessTree.activity(names[g.alpha[once]]),
                    im(without(log, g.alpha[once]), false));
        }
        int conc = activityConcurrent(log, g);
        if (conc >= 0) {
            return ProcessTree.parallel(im(only(log, g.alpha[conc]), false), im(without(log, g.alpha[conc]), false));
        }
        Sub stl = tauLoop(log, g, true);
        if (stl != null) return ProcessTree.loop(im(stl, false), ProcessTree.tau());
        Sub tl = tauLoop(log, g, false);
        if (tl != null) return ProcessTree.loop(im(tl, false), ProcessTree.tau());
        if (threshold > 0 && !removeNoise) return im(log, true);
        List<ProcessTree> flower = new ArrayList<>();
        for (int a : g.alpha) flower.add(ProcessTree.activity(names[a]));
        return ProcessTree.loop(ProcessTree.tau(), flower.size() == 1 ? flower.get(0) : ProcessTree.of(Operator.XOR, flower));
    }

    private ProcessTree operator(Operator op, List<Sub> logs) {
        List<ProcessTree> cs = new ArrayList<>(logs.size());
        for (Sub s : logs) cs.add(im(s, false));
        return ProcessTree.of(op, cs);
    }

    private ProcessTree loop(List<Sub> logs) {
        ProcessTree d = im(logs.get(0), false);
        ProcessTree redo = logs.size() == 2 ? im(logs.get(1), false) : operator(Operator.XOR, logs.subList(1, logs.size()));
        return ProcessTree.loop(d, redo);
    }

    // ---------------------------------------------------------------------------------------------------------
    // group bookkeeping that mirrors pm4py's list of sets (merged groups move to the end of the list)

    private static final class Groups {
        final int[] parent;
        final int[] stamp;
        final int[] size;
        int clock;

        Groups(int k) {
            parent = new int[k];
            stamp = new int[k];
            size = new int[k];
            for (int i = 0; i < k; i++) {
                parent[i] = i;
                stamp[i] = i;
                size[i] = 1;
            }
            clock = k;
        }

        int find(int a) {
            while (parent[a] != a) {
                parent[a] = parent[parent[a]];
                a = parent[a];
            }
            return a;
        }

        void merge(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra != rb) {
                parent[rb] = ra;
                size[ra] += size[rb];
            }
            stamp[ra] = clock++;
        }

        /** The groups as lists of local ids, in pm4py's list order. */
        List<int[]> list() {
            Map<Integer, List<Integer>> by = new HashMap<>();
            for (int i = 0; i < parent.length; i++) by.computeIfAbsent(find(i), x -> new ArrayList<>()).add(i);
            List<Integer> roots = new ArrayList<>(by.keySet());
            roots.sort((x, y) -> Integer.compare(stamp[x], stamp[y]));
            List<int[]> out = new ArrayList<>();
            for (int r : roots) out.add(by.get(r).stream().mapToInt(Integer::intValue).toArray());
            return out;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // cuts (all on local ids)

    private static boolean[][] reach(Graph g) {
        boolean[][] post = new boolean[g.k][g.k];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        for (int s = 0; s < g.k; s++) {
            q.add(s);
            while (!q.isEmpty()) {
                int a = q.poll();
                for (int b = 0; b < g.k; b++) {
                    if (g.edges[a][b] > 0 && !post[s][b]) {
                        post[s][b] = true;
                        q.add(b);
                    }
                }
            }
        }
        return post;
    }

    /**
     * Leemans' strict sequence cut (thesis "Robust Process Mining with Guarantees", p. 233; pm4py's
     * {@code im_clean/cuts/sequence_strict}): each group that can be skipped absorbs its neighbours that only
     * reach (are only reached from) groups up to it, so a skippable block becomes one child.
     */
    private static List<int[]> strictSequence(Graph g, List<int[]> sorted) {
        int n = sorted.size();
        List<java.util.TreeSet<Integer>> c = new ArrayList<>();
        int[] cmap = new int[g.k];
        for (int i = 0; i < n; i++) {
            java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
            for (int a : sorted.get(i)) {
                set.add(a);
                cmap[a] = i;
            }
            c.add(set);
        }
        long[] mf = new long[n];
        long[] mt = new long[n];
        for (int i = 0; i < n; i++) {
            mf[i] = Long.MAX_VALUE;
            mt[i] = Long.MIN_VALUE;
            for (int a : c.get(i)) {
                if (g.start[a]) mf[i] = Long.MIN_VALUE;
                if (g.end[a]) mt[i] = Long.MAX_VALUE;
            }
        }
        for (int a = 0; a < g.k; a++) {
            for (int b = 0; b < g.k; b++) {
                if (g.edges[a][b] > 0) {
                    mf[cmap[b]] = Math.min(mf[cmap[b]], cmap[a]);
                    mt[cmap[a]] = Math.max(mt[cmap[a]], cmap[b]);
                }
            }
        }
        // as pm4py: the groups are merged in place while p advances, and skippable() sees the merged groups
        for (int p = 0; p < n; p++) {
            if (!skippable(p, g, c)) continue;
            for (int q = p - 1; q >= 0 && mt[q] <= p; q--) {
                c.get(p).addAll(c.get(q));
                c.get(q).clear();
            }
            for (int q = p + 1; q < n && mf[q] >= p; q++) {
                c.get(p).addAll(c.get(q));
                c.get(q).clear();
            }
        }
        List<int[]> out = new ArrayList<>();
        for (java.util.TreeSet<Integer> set : c) {
            if (!set.isEmpty()) out.add(set.stream().mapToInt(Integer::intValue).toArray());
        }
        // a cut that collapsed into one group is no cut (the recursion would not terminate)
        return out.size() < 2 ? null : out;
    }

    private static boolean skippable(int p, Graph g, List<java.util.TreeSet<Integer>> c) {
        for (int i = 0; i < p; i++) {
            for (int j = p + 1; j < c.size(); j++) {
                for (int a : c.get(i)) for (int b : c.get(j)) if (g.edges[a][b] > 0) return true;
            }
        }
        for (int i = p + 1; i < c.size(); i++) for (int a : c.get(i)) if (g.start[a]) return true;
        for (int i = 0; i < p; i++) for (int a : c.get(i)) if (g.end[a]) return true;
        return false;
    }

    private static List<int[]> sequenceCut(Graph g) {
        boolean[][] post = reach(g);
        Groups gr = new Groups(g.k);
        for (int a = 0; a < g.k; a++) {
            for (int b = 0; b < g.k; b++) {
                if (post[a][b] == post[b][a]) gr.merge(a, b);
            }
        }
        List<int[]> groups = gr.list();
        if (groups.size() < 2) return null;
        int[] key = new int[g.k];
        for (int x = 0; x < g.k; x++) {
            int pre = 0;
            int suc = 0;
            for (int y = 0; y < g.k; y++) {
                if (post[y][x]) pre++;
                if (post[x][y]) suc++;
            }
            key[x] = pre + (g.k - suc);
        }
        List<int[]> sorted = new ArrayList<>(groups);
        sorted.sort((x, y) -> Integer.compare(key[x[0]], key[y[0]]));
        return sorted;
    }

    private static List<int[]> xorCut(Graph g) {
        Groups gr = new Groups(g.k);
        for (int a = 0; a < g.k; a++) {
            for (int b = 0; b < g.k; b++) if (g.edges[a][b] > 0) gr.merge(a, b);
        }
        List<int[]> groups = gr.list();
        return groups.size() > 1 ? groups : null;
    }

    /**
     * The XOR cut's components as the later im_clean lists them: networkx yields connected components by their
     * first node in the graph's node order, i.e. the order of the node's alphabet (a Python set there, so the
     * order of string hashes; here first occurrence in the sub-log). It matters because {@link #projectXor} gives
     * a trace with equally many events in several components to the last of them.
     */
    private static List<int[]> inAlphabetOrder(List<int[]> components) {
        List<int[]> sorted = new ArrayList<>(components);
        sorted.sort((x, y) -> Integer.compare(x[0], y[0])); // Groups.list() keeps each group's ids ascending
        return sorted;
    }

    private static List<int[]> parallelCut(Graph g, boolean[] start, boolean[] end, boolean[][] witness) {
        if (g.k == 0) return null;
        Groups gr = new Groups(g.k);
        for (int a = 0; a < g.k; a++) {
            for (int b = 0; b < g.k; b++) {
                if (!g.edge(a, b) || !g.edge(b, a)) gr.merge(a, b);
                else if (witness != null && (witness[a][b] || witness[b][a])) gr.merge(a, b);
            }
        }
        List<List<Integer>> groups = new ArrayList<>();
        for (int[] x : gr.list()) {
            List<Integer> l = new ArrayList<>();
            for (int v : x) l.add(v);
            groups.add(l);
        }
        groups.sort((x, y) -> Integer.compare(x.size(), y.size()));
        int i = 0;
        while (i < groups.size() && groups.size() > 1) {
            boolean s = false;
            boolean e = false;
            for (int a : groups.get(i)) {
                s |= start[a];
                e |= end[a];
            }
            if (s && e) {
                i++;
                continue;
            }
            List<Integer> grp = groups.remove(i);
            if (i == 0) groups.get(0).addAll(grp);
            else groups.get(i - 1).addAll(grp);
        }
        if (groups.size() < 2) return null;
        List<int[]> out = new ArrayList<>();
        for (List<Integer> l : groups) out.add(l.stream().mapToInt(Integer::intValue).toArray());
        return out;
    }

    private static List<int[]> loopCut(Graph g) {
        if (g.empty()) return null;
        int k = g.k;
        boolean[] doSet = new boolean[k];
        for (int a = 0; a < k; a++) doSet[a] = g.start[a] || g.end[a];
        // components of the DFG without the start/end activities; group 0 is the do part
        Groups gr = new Groups(k);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                if (g.edges[a][b] > 0 && !doSet[a] && !doSet[b]) gr.merge(a, b);
            }
        }
        int[] group = new int[k];  // 0 = do, else component id + 1
        Arrays.fill(group, -1);
        int n = 1;
        Map<Integer, Integer> compId = new HashMap<>();
        List<int[]> comps = gr.list();
        for (int[] c : comps) {
            if (doSet[c[0]]) continue;
            int id = n++;
            for (int a : c) group[a] = id;
        }
        for (int a = 0; a < k; a++) if (doSet[a]) group[a] = 0;
        // components reached from a start-only activity, or reaching an end-only activity, join the do part
        for (int a = 0; a < k; a++) {
            if (g.start[a] && !g.end[a]) for (int b = 0; b < k; b++) if (g.edge(a, b)) mergeInto0(group, group[b]);
        }
        for (int b = 0; b < k; b++) {
            if (g.end[b] && !g.start[b]) for (int a = 0; a < k; a++) if (g.edge(a, b)) mergeInto0(group, group[a]);
        }
        // a redo component must be followed by all start activities and preceded by all end activities
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int c = 1; c < n; c++) {
                boolean merge = false;
                for (int a = 0; a < k && !merge; a++) {
                    if (group[a] != c) continue;
                    for (int b = 0; b < k; b++) {
                        if (g.edge(a, b) && g.start[b]) {
                            for (int s = 0; s < k; s++) if (g.start[s] && !g.edge(a, s)) merge = true;
                        }
                        if (g.edge(b, a) && g.end[b]) {
                            for (int e = 0; e < k; e++) if (g.end[e] && !g.edge(e, a)) merge = true;
                        }
                    }
                }
                if (merge) {
                    mergeInto0(group, c);
                    changed = true;
                }
            }
        }
        List<int[]> out = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            List<Integer> l = new ArrayList<>();
            for (int a = 0; a < k; a++) if (group[a] == c) l.add(a);
            if (!l.isEmpty()) out.add(l.stream().mapToInt(Integer::intValue).toArray());
            else if (c == 0) out.add(new int[0]);
        }
        if (out.get(0).length == 0) out.remove(0);
        return out.size() > 1 ? out : null;
    }

    private static void mergeInto0(int[] group, int c) {
        if (c <= 0) return;
        for (int i = 0; i < group.length; i++) if (group[i] == c) group[i] = 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // minimum self distance witnesses

    /** pm4py's minimum self distance per local activity (-1 when no activity repeats in a trace). */
    private static int[] msd(Sub log, Graph g) {
        int[] msd = new int[g.k];
        Arrays.fill(msd, -1);
        int[] last = new int[g.k];
        for (int[] t : log.traces) {
            Arrays.fill(last, -1);
            for (int j = 0; j < t.length; j++) {
                Integer a = g.local.get(t[j]);
                if (a == null) continue;
                if (last[a] >= 0) {
                    int d = j - last[a] - 1;
                    if (msd[a] < 0 || d < msd[a]) msd[a] = d;
                }
                last[a] = j;
            }
        }
        return msd;
    }

    /** witness[a][b]: b occurs between two occurrences of a at a's minimum self distance (> 0) in {@code log}. */
    private static boolean[][] witnesses(Sub log, Graph g, int[] msd) {
        boolean[][] w = new boolean[g.k][g.k];
        int[] last = new int[g.k];
        for (int[] t : log.traces) {
            Arrays.fill(last, -1);
            for (int j = 0; j < t.length; j++) {
                Integer a = g.local.get(t[j]);
                if (a == null) continue;
                if (last[a] >= 0 && msd[a] > 0 && j - last[a] - 1 == msd[a]) {
                    for (int x = last[a] + 1; x < j; x++) {
                        Integer b = g.local.get(t[x]);
                        if (b != null) w[a][b] = true;
                    }
                }
                last[a] = j;
            }
        }
        return w;
    }

    // ---------------------------------------------------------------------------------------------------------
    // projections

    private static List<Sub> projectSequence(Sub log, Graph g, List<int[]> groups) {
        int n = groups.size();
        int[] groupOf = groupOf(g, groups);
        List<SubBuilder> out = builders(n);
        for (int ti = 0; ti < log.traces.length; ti++) {
            int[] t = log.traces[ti];
            int split = 0;
            boolean[] ignore = new boolean[n];
            for (int i = 0; i < n; i++) {
                // least-cost split point: events of group i count -1, of later groups +1, of earlier ones 0
                int least = 0;
                int pos = split;
                int cost = 0;
                for (int j = split; j < t.length; j++) {
                    int gi = groupOf[g.local.get(t[j])];
                    if (gi == i) cost--;
                    else if (!ignore[gi]) cost++;
                    if (cost < least) {
                        least = cost;
                        pos = j + 1;
                    }
                }
                int m = 0;
                for (int j = split; j < pos; j++) if (groupOf[g.local.get(t[j])] == i) m++;
                int[] sub = new int[m];
                m = 0;
                for (int j = split; j < pos; j++) if (groupOf[g.local.get(t[j])] == i) sub[m++] = t[j];
                out.get(i).add(sub, log.counts[ti]);
                split = pos;
                ignore[i] = true;
            }
        }
        return build(out);
    }

    private static List<Sub> projectXor(Sub log, Graph g, List<int[]> groups) {
        int n = groups.size();
        int[] groupOf = groupOf(g, groups);
        List<SubBuilder> out = builders(n);
        for (int ti = 0; ti < log.traces.length; ti++) {
            int[] t = log.traces[ti];
            int[] count = new int[n];
            for (int a : t) count[groupOf[g.local.get(a)]]++;
            int best = n - 1;
            for (int i = n - 1; i >= 0; i--) if (count[i] > count[best]) best = i;
            int m = count[best];
            int[] sub = new int[m];
            m = 0;
            for (int a : t) if (groupOf[g.local.get(a)] == best) sub[m++] = a;
            out.get(best).add(sub, log.counts[ti]);
        }
        return build(out);
    }

    private static List<Sub> projectParallel(Sub log, Graph g, List<int[]> groups) {
        int n = groups.size();
        int[] groupOf = groupOf(g, groups);
        List<SubBuilder> out = builders(n);
        for (int ti = 0; ti < log.traces.length; ti++) {
            int[] t = log.traces[ti];
            for (int i = 0; i < n; i++) {
                int m = 0;
                for (int a : t) if (groupOf[g.local.get(a)] == i) m++;
                int[] sub = new int[m];
                m = 0;
                for (int a : t) if (groupOf[g.local.get(a)] == i) sub[m++] = a;
                out.get(i).add(sub, log.counts[ti]);
            }
        }
        return build(out);
    }

    private static List<Sub> projectLoop(Sub log, Graph g, List<int[]> groups) {
        int n = groups.size();
        int[] groupOf = groupOf(g, groups);
        List<SubBuilder> out = builders(n);
        for (int ti = 0; ti < log.traces.length; ti++) {
            int[] t = log.traces[ti];
            long c = log.counts[ti];
            List<Integer> d = new ArrayList<>();
            List<Integer> r = new ArrayList<>();
            for (int a : t) {
                int gi = groupOf[g.local.get(a)];
                if (gi == 0) {
                    d.add(a);
                    if (!r.isEmpty()) {
                        addRedo(out, r, groupOf, g, n, c);
                        r = new ArrayList<>();
                    }
                } else {
                    r.add(a);
                    if (!d.isEmpty()) {
                        out.get(0).add(toArray(d), c);
                        d = new ArrayList<>();
                    }
                }
            }
            if (!r.isEmpty()) addRedo(out, r, groupOf, g, n, c);
            out.get(0).add(toArray(d), c);
        }
        return build(out);
    }

    /** A redo segment goes to the redo group sharing most distinct activities with it (ties: the last). */
    private static void addRedo(List<SubBuilder> out, List<Integer> r, int[] groupOf, Graph g, int n, long c) {
        int[] inter = new int[n];
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int a : r) if (seen.add(a)) inter[groupOf[g.local.get(a)]]++;
        int best = n - 1;
        for (int i = n - 1; i >= 1; i--) if (inter[i] > inter[best]) best = i;
        out.get(best).add(toArray(r), c);
    }

    private static int[] toArray(List<Integer> l) {
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }

    private static int[] groupOf(Graph g, List<int[]> groups) {
        int[] out = new int[g.k];
        for (int i = 0; i < groups.size(); i++) for (int a : groups.get(i)) out[a] = i;
        return out;
    }

    private static List<SubBuilder> builders(int n) {
        List<SubBuilder> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new SubBuilder());
        return out;
    }

    private static List<Sub> build(List<SubBuilder> bs) {
        List<Sub> out = new ArrayList<>(bs.size());
        for (SubBuilder b : bs) out.add(b.build());
        return out;
    }

    private static Sub without(Sub log, int activity) {
        SubBuilder b = new SubBuilder();
        for (int i = 0; i < log.traces.length; i++) {
            b.add(Arrays.stream(log.traces[i]).filter(x -> x != activity).toArray(), log.counts[i]);
        }
        return b.build();
    }

    private static Sub only(Sub log, int activity) {
        SubBuilder b = new SubBuilder();
        for (int i = 0; i < log.traces.length; i++) {
            b.add(Arrays.stream(log.traces[i]).filter(x -> x == activity).toArray(), log.counts[i]);
        }
        return b.build();
    }

    // ---------------------------------------------------------------------------------------------------------
    // fall-throughs

    /** An activity that occurs exactly once in every trace, or -1. */
    private static int activityOncePerTrace(Sub log, Graph g) {
        boolean[] cand = new boolean[g.k];
        Arrays.fill(cand, true);
        int[] cnt = new int[g.k];
        for (int[] t : log.traces) {
            Arrays.fill(cnt, 0);
            for (int a : t) cnt[g.local.get(a)]++;
            for (int a = 0; a < g.k; a++) if (cnt[a] != 1) cand[a] = false;
        }
        for (int a = 0; a < g.k; a++) if (cand[a]) return a;
        return -1;
    }

    /**
     * pm4py's activity-concurrent fall-through: an activity present in every trace whose removal leaves no empty
     * trace and lets some cut be found (pm4py checks the parallel and loop cuts against the end activities of the
     * log before the removal; kept).
     */
    private int activityConcurrent(Sub log, Graph g) {
        boolean[] cand = new boolean[g.k];
        Arrays.fill(cand, true);
        boolean[] in = new boolean[g.k];
        for (int[] t : log.traces) {
            Arrays.fill(in, false);
            for (int a : t) in[g.local.get(a)] = true;
            for (int a = 0; a < g.k; a++) cand[a] &= in[a];
        }
        int[] msdLog = msd(log, g);
        for (int a = 0; a < g.k; a++) {
            if (!cand[a]) continue;
            Sub proj = without(log, g.alpha[a]);
            boolean emptyTrace = false;
            for (int[] t : proj.traces) emptyTrace |= t.length == 0;
            if (emptyTrace) continue;
            Graph pg = new Graph(proj);
            if (sequenceCut(pg) != null || xorCut(pg) != null) return a;
            boolean[] endLog = new boolean[pg.k];
            for (int x = 0; x < pg.k; x++) endLog[x] = g.end[g.local.get(pg.alpha[x])];
            int[] msdP = new int[pg.k];
            for (int x = 0; x < pg.k; x++) msdP[x] = msdLog[g.local.get(pg.alpha[x])];
            if (parallelCut(pg, pg.start, endLog, witnesses(proj, pg, msdP)) != null) return a;
            Graph lg = new Graph(proj);
            System.arraycopy(endLog, 0, lg.end, 0, pg.k);
            if (loopCut(lg) != null) return a;
        }
        return -1;
    }

    /**
     * Splits traces before every start activity (strict: only where an end activity precedes it); returns the
     * split log when anything was split, else {@code null}.
     */
    private static Sub tauLoop(Sub log, Graph g, boolean strict) {
        SubBuilder b = new SubBuilder();
        boolean split = false;
        for (int ti = 0; ti < log.traces.length; ti++) {
            int[] t = log.traces[ti];
            int x = 0;
            for (int i = 1; i < t.length; i++) {
                if (g.start[g.local.get(t[i])] && (!strict || g.end[g.local.get(t[i - 1])])) {
                    b.add(Arrays.copyOfRange(t, x, i), log.counts[ti]);
                    x = i;
                    split = true;
                }
            }
            b.add(Arrays.copyOfRange(t, x, t.length), log.counts[ti]);
        }
        return split ? b.build() : null;
    }
}
