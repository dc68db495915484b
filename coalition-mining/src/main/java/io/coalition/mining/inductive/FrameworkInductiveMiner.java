package io.coalition.mining.inductive;

import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.ProcessTree.Operator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pm4py 2.3-2.7's rewritten Inductive Miner framework ({@code algo/discovery/inductive/variants/{im,imf}.py} over
 * a "univariate variant compressed log", {@code IMDataStructureUVCL}), re-implemented from its description:
 *
 * <ul>
 *   <li>IM: empty traces first (X( tau, IM(rest) )), base cases (empty log -> tau; one variant of length <= 1 ->
 *   its activity), cuts in the order XOR, strict sequence, concurrency, loop on the sub-log's DFG, then the
 *   fall-throughs activity once per trace, activity concurrent, strict tau loop, tau loop, flower.</li>
 *   <li>IMf: empty traces become X( tau, ... ) only when more than {@code noise} of the traces are empty, else
 *   they are dropped; when no cut is found on the DFG, the cuts are tried once more on the DFG without the edges
 *   whose count is not above {@code noise} times the largest outgoing count (end count included) of their
 *   source, and the log is projected on that cut. An activity that loses all its edges and is neither a start
 *   nor an end activity is no longer a vertex, so it is dropped from the sub-logs: this is why pm4py's IMf models
 *   do not fit their own logs. Only when the filtered DFG has no cut either do the fall-throughs run (on the
 *   unfiltered log). This happens in every recursion.</li>
 * </ul>
 *
 * <p>pm4py's quirks are kept because they decide the tree: the concurrency projection overwrites (does not add)
 * the count of traces that project to the same sub-trace; the sequence projection splits at least-cost points
 * and drops the events after the last split point; XOR and loop-redo projections send a trace to the group
 * holding most of its events, ties to the group listed last. Where pm4py iterates a Python set (the order of
 * connected components, hence those ties, and the representative in the sequence-cut sort), groups are ordered
 * by their smallest activity name here; pm4py's own result can vary between processes in exactly those cases.
 * A strict sequence cut that merges everything into one group is treated as no cut (pm4py would recurse forever).
 */
final class FrameworkInductiveMiner {
    private final int n;
    private final double noise;
    private final boolean imf;
    private final String[] names;

    FrameworkInductiveMiner(String[] names, double noise) {
        this.names = names;
        this.n = names.length;
        this.noise = noise;
        this.imf = noise > 0;
    }

    ProcessTree mine(List<int[]> traces, List<Long> counts) {
        Log log = new Log();
        for (int i = 0; i < traces.size(); i++) log.add(traces.get(i), counts.get(i));
        return apply(new Data(log, dfgOf(log)), false);
    }

    /**
     * pm4py's {@code tree_sort}: children of PARALLEL and XOR nodes sorted (stably) by the sum over their subtree
     * of the MD5 of each label as an unsigned integer. pm4py converts the sorted tree to a Petri net, so this
     * order decides the names of its silent transitions (and through them its ETConformance, see
     * {@code TreeToPetriNet}).
     */
    static ProcessTree pm4pyTreeSort(ProcessTree t) {
        return sorted(t).tree();
    }

    private record Sorted(ProcessTree tree, java.math.BigInteger sum) {}

    private static Sorted sorted(ProcessTree t) {
        if (t.isLeaf()) {
            return new Sorted(t, t.isTau() ? java.math.BigInteger.ZERO : md5(t.label()));
        }
        List<Sorted> cs = new ArrayList<>();
        java.math.BigInteger sum = java.math.BigInteger.ZERO;
        for (ProcessTree c : t.children()) {
            Sorted s = sorted(c);
            cs.add(s);
            sum = sum.add(s.sum());
        }
        if (t.operator() == Operator.PARALLEL || t.operator() == Operator.XOR) cs.sort(Comparator.comparing(Sorted::sum));
        return new Sorted(ProcessTree.of(t.operator(), cs.stream().map(Sorted::tree).toList()), sum);
    }

    private static java.math.BigInteger md5(String label) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5").digest(label.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new java.math.BigInteger(1, d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // data: a variant log (insertion-ordered counter of traces) and its DFG

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

    /** pm4py's UVCL: a {@code Counter} of trace tuples, iterated in insertion order. */
    static final class Log {
        final LinkedHashMap<Key, long[]> map = new LinkedHashMap<>();

        /** {@code Counter.update}: adds. */
        void add(int[] t, long c) {
            long[] v = map.get(new Key(t));
            if (v == null) map.put(new Key(t), new long[] {c});
            else v[0] += c;
        }

        /** {@code counter[t] = c}: overwrites, keeps the first position. */
        void put(int[] t, long c) {
            long[] v = map.get(new Key(t));
            if (v == null) map.put(new Key(t), new long[] {c});
            else v[0] = c;
        }

        int size() {
            return map.size();
        }

        long total() {
            long s = 0;
            for (long[] v : map.values()) s += v[0];
            return s;
        }

        Iterable<Map.Entry<Key, long[]>> entries() {
            return map.entrySet();
        }

        boolean hasEmptyTrace() {
            return map.containsKey(new Key(new int[0]));
        }
    }

    /** A DFG over global activity ids: edge counts, start and end counts; vertices = edge ends, starts, ends. */
    final class Dfg {
        final long[] graph = new long[n * n];
        final long[] start = new long[n];
        final long[] end = new long[n];
        int edgeCount;
        BitSet vertices;
        int[] succ[];
        int[] pred[];

        long edge(int a, int b) {
            return graph[a * n + b];
        }

        boolean has(int a, int b) {
            return graph[a * n + b] > 0;
        }

        void seal() {
            vertices = new BitSet(n);
            edgeCount = 0;
            int[] out = new int[n], in = new int[n];
            for (int a = 0; a < n; a++) {
                if (start[a] > 0 || end[a] > 0) vertices.set(a);
                for (int b = 0; b < n; b++) {
                    if (graph[a * n + b] > 0) {
                        edgeCount++;
                        out[a]++;
                        in[b]++;
                    }
                }
            }
            succ = new int[n][];
            pred = new int[n][];
            for (int i = 0; i < n; i++) {
                succ[i] = new int[out[i]];
                pred[i] = new int[in[i]];
                if (out[i] > 0 || in[i] > 0) vertices.set(i);
            }
            Arrays.fill(out, 0);
            Arrays.fill(in, 0);
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    if (graph[a * n + b] > 0) {
                        succ[a][out[a]++] = b;
                        pred[b][in[b]++] = a;
                    }
                }
            }
        }

        BitSet starts() {
            BitSet b = new BitSet(n);
            for (int i = 0; i < n; i++) if (start[i] > 0) b.set(i);
            return b;
        }

        BitSet ends() {
            BitSet b = new BitSet(n);
            for (int i = 0; i < n; i++) if (end[i] > 0) b.set(i);
            return b;
        }
    }

    private record Data(Log log, Dfg dfg) {}

    /** {@code comut.discover_dfg_uvcl}. */
    private Dfg dfgOf(Log log) {
        Dfg d = new Dfg();
        for (Map.Entry<Key, long[]> e : log.entries()) {
            int[] t = e.getKey().a();
            long c = e.getValue()[0];
            if (t.length == 0) continue;
            d.start[t[0]] += c;
            d.end[t[t.length - 1]] += c;
            for (int i = 1; i < t.length; i++) d.graph[t[i - 1] * n + t[i]] += c;
        }
        d.seal();
        return d;
    }

    private Data data(Log log) {
        return new Data(log, dfgOf(log));
    }

    // ---------------------------------------------------------------------------------------------------------
    // the recursion (variants/im.py, variants/imf.py, variants/abc.py)

    private record Split(Operator operator, List<Log> logs) {}

    private ProcessTree apply(Data obj, boolean secondIteration) {
        Split empty = emptyTraces(obj.log());
        if (!imf) {
            if (empty != null) return recurse(empty);
        } else if (empty != null && !empty.logs().isEmpty()) {
            long original = obj.log().total();
            long filtered = empty.logs().get(1).total();
            if (original - filtered > noise * original) return recurse(empty);
            obj = data(empty.logs().get(1));
        } else if (empty != null) {
            // only empty traces: pm4py falls through to the base cases, which give tau
            return ProcessTree.tau();
        }
        ProcessTree tree = baseCase(obj.log());
        if (tree != null) return tree;
        Split cut = findCut(obj);
        if (cut != null) return recurse(cut);
        if (imf) {
            if (secondIteration) return null;
            tree = apply(new Data(obj.log(), filterNoise(obj.dfg())), true);
            if (tree != null) return tree;
        }
        return recurse(fallThrough(obj));
    }

    private ProcessTree recurse(Split s) {
        if (s.operator() == null) return ProcessTree.tau();
        List<ProcessTree> children = new ArrayList<>(s.logs().size());
        for (Log l : s.logs()) children.add(apply(data(l), false));
        return ProcessTree.of(s.operator(), children);
    }

    /** IMf's {@code __filter_dfg_noise}: keep an edge when its count exceeds noise * max outgoing (end included). */
    private Dfg filterNoise(Dfg dfg) {
        Dfg f = new Dfg();
        System.arraycopy(dfg.start, 0, f.start, 0, n);
        System.arraycopy(dfg.end, 0, f.end, 0, n);
        for (int a = 0; a < n; a++) {
            if (dfg.succ[a].length == 0) continue;
            long max = 0;
            for (int b : dfg.succ[a]) max = Math.max(max, dfg.edge(a, b));
            if (dfg.end[a] > 0) max = Math.max(max, dfg.end[a]);
            for (int b : dfg.succ[a]) {
                long c = dfg.edge(a, b);
                if (c > noise * max) f.graph[a * n + b] = c;
            }
        }
        f.seal();
        return f;
    }

    // ---------------------------------------------------------------------------------------------------------
    // base cases

    private ProcessTree baseCase(Log log) {
        if (log.size() == 0) return ProcessTree.tau();
        if (log.size() == 1) {
            int[] t = log.map.keySet().iterator().next().a();
            if (t.length == 0) return ProcessTree.tau();
            if (t.length == 1) return ProcessTree.activity(names[t[0]]);
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // cuts (cuts/{xor,sequence,concurrency,loop}.py)

    private Split findCut(Data obj) {
        Dfg dfg = obj.dfg();
        List<BitSet> g = xorCut(dfg);
        if (g != null) return new Split(Operator.XOR, projectXor(obj.log(), g));
        g = strictSequenceCut(dfg);
        if (g != null) return new Split(Operator.SEQUENCE, projectSequence(obj.log(), g));
        g = concurrencyCut(dfg);
        if (g != null) return new Split(Operator.PARALLEL, projectConcurrency(obj.log(), g));
        g = loopCut(dfg);
        if (g != null) return new Split(Operator.LOOP, projectLoop(obj.log(), g));
        return null;
    }

    private boolean anyCut(Dfg dfg) {
        return xorCut(dfg) != null || strictSequenceCut(dfg) != null || concurrencyCut(dfg) != null
                || loopCut(dfg) != null;
    }

    /** Weakly connected components over {@code nodes} (edges among them only), ordered by smallest member. */
    private List<BitSet> components(Dfg dfg, BitSet nodes) {
        List<BitSet> out = new ArrayList<>();
        BitSet seen = new BitSet(n);
        for (int v = nodes.nextSetBit(0); v >= 0; v = nodes.nextSetBit(v + 1)) {
            if (seen.get(v)) continue;
            BitSet comp = new BitSet(n);
            int[] q = new int[n];
            int head = 0, tail = 0;
            q[tail++] = v;
            seen.set(v);
            while (head < tail) {
                int x = q[head++];
                comp.set(x);
                for (int y : dfg.succ[x]) {
                    if (nodes.get(y) && !seen.get(y)) {
                        seen.set(y);
                        q[tail++] = y;
                    }
                }
                for (int y : dfg.pred[x]) {
                    if (nodes.get(y) && !seen.get(y)) {
                        seen.set(y);
                        q[tail++] = y;
                    }
                }
            }
            out.add(comp);
        }
        return out;
    }

    List<BitSet> xorCut(Dfg dfg) {
        List<BitSet> cs = components(dfg, dfg.vertices);
        return cs.size() > 1 ? cs : null;
    }

    /** Descendants (or ancestors) of every vertex, never the vertex itself (networkx excludes the source). */
    private BitSet[] reach(Dfg dfg, boolean forward) {
        BitSet[] r = new BitSet[n];
        for (int v = dfg.vertices.nextSetBit(0); v >= 0; v = dfg.vertices.nextSetBit(v + 1)) {
            BitSet s = new BitSet(n);
            int[] q = new int[n + 1];
            int head = 0, tail = 0;
            q[tail++] = v;
            while (head < tail) {
                int x = q[head++];
                for (int y : forward ? dfg.succ[x] : dfg.pred[x]) {
                    if (!s.get(y)) {
                        s.set(y);
                        q[tail++] = y;
                    }
                }
            }
            s.clear(v);
            r[v] = s;
        }
        return r;
    }

    /** {@code SequenceCut.holds}: components of "mutually reachable or mutually unreachable", sorted by position. */
    private List<BitSet> sequenceCut(Dfg dfg) {
        int[] vs = dfg.vertices.stream().toArray();
        if (vs.length == 0) return null;
        BitSet[] post = reach(dfg, true);
        BitSet[] pre = reach(dfg, false);
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        for (int i = 0; i < vs.length; i++) {
            for (int j = i + 1; j < vs.length; j++) {
                int a = vs[i], b = vs[j];
                boolean ab = post[a].get(b), ba = post[b].get(a);
                if (ab == ba) union(parent, a, b);
            }
        }
        LinkedHashMap<Integer, BitSet> groups = new LinkedHashMap<>();
        for (int v : vs) groups.computeIfAbsent(find(parent, v), k -> new BitSet(n)).set(v);
        List<BitSet> gs = new ArrayList<>(groups.values());
        int size = vs.length;
        gs.sort(Comparator.comparingInt(g -> {
            int r = g.nextSetBit(0);
            return pre[r].cardinality() + (size - post[r].cardinality());
        }));
        return gs.size() > 1 ? gs : null;
    }

    private static int find(int[] p, int x) {
        while (p[x] != x) {
            p[x] = p[p[x]];
            x = p[x];
        }
        return x;
    }

    private static void union(int[] p, int a, int b) {
        int ra = find(p, a), rb = find(p, b);
        if (ra != rb) p[Math.max(ra, rb)] = Math.min(ra, rb);
    }

    /** {@code StrictSequenceCut.holds} (Leemans' thesis p. 233): merges groups that can be skipped together. */
    List<BitSet> strictSequenceCut(Dfg dfg) {
        List<BitSet> c = sequenceCut(dfg);
        if (c == null) return null;
        BitSet start = dfg.starts(), end = dfg.ends();
        int k = c.size();
        long[] mf = new long[k], mt = new long[k];
        int[] cmap = new int[n];
        Arrays.fill(cmap, -1);
        for (int i = 0; i < k; i++) {
            mf[i] = c.get(i).intersects(start) ? -Long.MAX_VALUE : Long.MAX_VALUE;
            mt[i] = c.get(i).intersects(end) ? Long.MAX_VALUE : -Long.MAX_VALUE;
            for (int a = c.get(i).nextSetBit(0); a >= 0; a = c.get(i).nextSetBit(a + 1)) cmap[a] = i;
        }
        for (int a = 0; a < n; a++) {
            for (int b : dfg.succ[a]) {
                mf[cmap[b]] = Math.min(mf[cmap[b]], cmap[a]);
                mt[cmap[a]] = Math.max(mt[cmap[a]], cmap[b]);
            }
        }
        for (int p = 0; p < k; p++) {
            if (skippable(p, dfg, start, end, c)) {
                int q = p - 1;
                while (q >= 0 && mt[q] <= p) {
                    c.get(p).or(c.get(q));
                    c.get(q).clear();
                    q--;
                }
                q = p + 1;
                while (q < k && mf[q] >= p) {
                    c.get(p).or(c.get(q));
                    c.get(q).clear();
                    q++;
                }
            }
        }
        List<BitSet> out = new ArrayList<>();
        for (BitSet g : c) if (!g.isEmpty()) out.add(g);
        return out.size() > 1 ? out : null;
    }

    private boolean skippable(int p, Dfg dfg, BitSet start, BitSet end, List<BitSet> groups) {
        for (int i = 0; i < p; i++) {
            for (int j = p + 1; j < groups.size(); j++) {
                BitSet gi = groups.get(i), gj = groups.get(j);
                for (int a = gi.nextSetBit(0); a >= 0; a = gi.nextSetBit(a + 1)) {
                    for (int b : dfg.succ[a]) if (gj.get(b)) return true;
                }
            }
        }
        for (int i = p + 1; i < groups.size(); i++) if (groups.get(i).intersects(start)) return true;
        for (int i = 0; i < p; i++) if (groups.get(i).intersects(end)) return true;
        return false;
    }

    /** {@code ConcurrencyCut.holds}: components of "not both directions", by size; parts without start or end merged. */
    List<BitSet> concurrencyCut(Dfg dfg) {
        int[] vs = dfg.vertices.stream().toArray();
        if (vs.length == 0) return null;
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        for (int i = 0; i < vs.length; i++) {
            for (int j = i + 1; j < vs.length; j++) {
                int a = vs[i], b = vs[j];
                if (!dfg.has(a, b) || !dfg.has(b, a)) union(parent, a, b);
            }
        }
        // pm4py's merge loop leaves the groups ordered by their smallest activity
        LinkedHashMap<Integer, BitSet> byRoot = new LinkedHashMap<>();
        for (int v : vs) byRoot.computeIfAbsent(find(parent, v), x -> new BitSet(n)).set(v);
        List<BitSet> groups = new ArrayList<>(byRoot.values());
        groups.sort(Comparator.comparingInt(BitSet::cardinality)); // stable, as Python's sorted
        BitSet start = dfg.starts(), end = dfg.ends();
        int i = 0;
        while (i < groups.size() && groups.size() > 1) {
            if (groups.get(i).intersects(start) && groups.get(i).intersects(end)) {
                i++;
                continue;
            }
            BitSet g = groups.remove(i);
            if (i == 0) groups.get(0).or(g);
            else groups.get(i - 1).or(g);
        }
        return groups.size() > 1 ? groups : null;
    }

    /** {@code LoopCut.holds} (Leemans' thesis p. 190). */
    List<BitSet> loopCut(Dfg dfg) {
        if (dfg.edgeCount == 0) return null;
        BitSet start = dfg.starts(), end = dfg.ends();
        BitSet doGroup = (BitSet) start.clone();
        doGroup.or(end);
        BitSet rest = (BitSet) dfg.vertices.clone();
        rest.andNot(doGroup);
        List<BitSet> groups = new ArrayList<>();
        groups.add(doGroup);
        groups.addAll(components(dfg, rest));
        // start activities that are not end activities: their successors belong to the do part
        BitSet se = (BitSet) start.clone();
        se.andNot(end);
        for (int a = se.nextSetBit(0); a >= 0; a = se.nextSetBit(a + 1)) {
            for (int b : dfg.succ[a]) groups = mergeIntoDo(groups, a, b);
        }
        BitSet es = (BitSet) end.clone();
        es.andNot(start);
        for (int b = es.nextSetBit(0); b >= 0; b = es.nextSetBit(b + 1)) {
            for (int a : dfg.pred[b]) groups = mergeIntoDo(groups, a, b);
        }
        // start completeness: a redo activity that reaches a start activity must reach all of them
        int i = 1;
        while (i < groups.size()) {
            boolean merge = false;
            BitSet g = groups.get(i);
            for (int a = g.nextSetBit(0); a >= 0 && !merge; a = g.nextSetBit(a + 1)) {
                boolean toStart = false;
                for (int b : dfg.succ[a]) if (start.get(b)) toStart = true;
                if (toStart) for (int s = start.nextSetBit(0); s >= 0; s = start.nextSetBit(s + 1)) if (!dfg.has(a, s)) merge = true;
            }
            if (merge) {
                groups.get(0).or(g);
                groups.remove(i);
                continue;
            }
            i++;
        }
        // end completeness: a redo activity reached from an end activity must be reached from all of them
        i = 1;
        while (i < groups.size()) {
            boolean merge = false;
            BitSet g = groups.get(i);
            for (int a = g.nextSetBit(0); a >= 0 && !merge; a = g.nextSetBit(a + 1)) {
                boolean fromEnd = false;
                for (int b : dfg.pred[a]) if (end.get(b)) fromEnd = true;
                if (fromEnd) for (int e = end.nextSetBit(0); e >= 0; e = end.nextSetBit(e + 1)) if (!dfg.has(e, a)) merge = true;
            }
            if (merge) {
                groups.get(0).or(g);
                groups.remove(i);
                continue;
            }
            i++;
        }
        List<BitSet> out = new ArrayList<>();
        for (BitSet g : groups) if (!g.isEmpty()) out.add(g);
        return out.size() > 1 ? out : null;
    }

    /** Removes the groups of a and b and inserts their union first (pm4py always merges on the do part). */
    private static List<BitSet> mergeIntoDo(List<BitSet> groups, int a, int b) {
        BitSet ga = null, gb = null;
        for (BitSet g : groups) {
            if (g.get(a)) ga = g;
            if (g.get(b)) gb = g;
        }
        List<BitSet> out = new ArrayList<>();
        BitSet u = (BitSet) ga.clone();
        u.or(gb);
        out.add(u);
        for (BitSet g : groups) if (!g.equals(ga) && !g.equals(gb)) out.add(g);
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // projections

    /** Index of the largest count, ties to the highest index (pm4py sorts (count, index) descending). */
    private static int argmaxLast(int[] counts) {
        int best = 0;
        for (int i = 1; i < counts.length; i++) if (counts[i] >= counts[best]) best = i;
        return best;
    }

    private List<Log> projectXor(Log log, List<BitSet> groups) {
        List<Log> logs = newLogs(groups.size());
        for (Map.Entry<Key, long[]> e : log.entries()) {
            int[] t = e.getKey().a();
            int[] count = new int[groups.size()];
            for (int i = 0; i < groups.size(); i++) for (int a : t) if (groups.get(i).get(a)) count[i]++;
            int g = argmaxLast(count);
            logs.get(g).add(filter(t, groups.get(g)), e.getValue()[0]);
        }
        return logs;
    }

    private List<Log> projectSequence(Log log, List<BitSet> groups) {
        List<Log> logs = newLogs(groups.size());
        for (Map.Entry<Key, long[]> e : log.entries()) {
            int[] t = e.getKey().a();
            int split = 0;
            BitSet ignore = new BitSet(n);
            for (int i = 0; i < groups.size(); i++) {
                BitSet g = groups.get(i);
                int next = splitPoint(t, g, split, ignore);
                int[] sub = new int[next - split];
                int m = 0;
                for (int j = split; j < next; j++) if (g.get(t[j])) sub[m++] = t[j];
                logs.get(i).add(Arrays.copyOf(sub, m), e.getValue()[0]);
                split = next;
                ignore.or(g);
            }
        }
        return logs;
    }

    private static int splitPoint(int[] t, BitSet group, int start, BitSet ignore) {
        int least = 0, pos = start, cost = 0;
        for (int i = start; i < t.length; i++) {
            if (group.get(t[i])) cost--;
            else if (!ignore.get(t[i])) cost++;
            if (cost < least) {
                least = cost;
                pos = i + 1;
            }
        }
        return pos;
    }

    private List<Log> projectConcurrency(Log log, List<BitSet> groups) {
        List<Log> logs = newLogs(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            // pm4py assigns (c[t'] = count) rather than adding: equal projections keep the last count
            for (Map.Entry<Key, long[]> e : log.entries()) logs.get(i).put(filter(e.getKey().a(), groups.get(i)), e.getValue()[0]);
        }
        return logs;
    }

    private List<Log> projectLoop(Log log, List<BitSet> groups) {
        BitSet doGroup = groups.get(0);
        List<BitSet> redo = groups.subList(1, groups.size());
        BitSet redoActs = new BitSet(n);
        for (BitSet g : redo) redoActs.or(g);
        Log doLog = new Log();
        List<Log> redoLogs = newLogs(redo.size());
        for (Map.Entry<Key, long[]> e : log.entries()) {
            int[] t = e.getKey().a();
            long c = e.getValue()[0];
            IntList doTrace = new IntList(), redoTrace = new IntList();
            for (int a : t) {
                if (doGroup.get(a)) {
                    doTrace.add(a);
                    if (redoTrace.size > 0) {
                        appendRedo(redoTrace.toArray(), redoLogs, redo, c);
                        redoTrace = new IntList();
                    }
                } else if (redoActs.get(a)) {
                    redoTrace.add(a);
                    if (doTrace.size > 0) {
                        doLog.add(doTrace.toArray(), c);
                        doTrace = new IntList();
                    }
                }
            }
            if (redoTrace.size > 0) appendRedo(redoTrace.toArray(), redoLogs, redo, c);
            doLog.add(doTrace.toArray(), c);
        }
        List<Log> out = new ArrayList<>();
        out.add(doLog);
        out.addAll(redoLogs);
        return out;
    }

    private static void appendRedo(int[] redoTrace, List<Log> redoLogs, List<BitSet> redo, long c) {
        BitSet acts = new BitSet();
        for (int a : redoTrace) acts.set(a);
        int[] inter = new int[redo.size()];
        for (int i = 0; i < redo.size(); i++) {
            BitSet x = (BitSet) acts.clone();
            x.and(redo.get(i));
            inter[i] = x.cardinality();
        }
        redoLogs.get(argmaxLast(inter)).add(redoTrace, c);
    }

    private static List<Log> newLogs(int k) {
        List<Log> l = new ArrayList<>(k);
        for (int i = 0; i < k; i++) l.add(new Log());
        return l;
    }

    private static int[] filter(int[] t, BitSet keep) {
        int[] out = new int[t.length];
        int m = 0;
        for (int a : t) if (keep.get(a)) out[m++] = a;
        return m == t.length ? t : Arrays.copyOf(out, m);
    }

    private static int[] without(int[] t, int drop) {
        int[] out = new int[t.length];
        int m = 0;
        for (int a : t) if (a != drop) out[m++] = a;
        return m == t.length ? t : Arrays.copyOf(out, m);
    }

    private static final class IntList {
        int[] a = new int[8];
        int size;

        void add(int v) {
            if (size == a.length) a = Arrays.copyOf(a, size * 2);
            a[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // fall-throughs (fall_through/*.py)

    private Split emptyTraces(Log log) {
        if (!log.hasEmptyTrace()) return null;
        Log rest = new Log();
        for (Map.Entry<Key, long[]> e : log.entries()) if (e.getKey().a().length > 0) rest.add(e.getKey().a(), e.getValue()[0]);
        if (rest.size() == 0) return new Split(null, List.of());
        return new Split(Operator.XOR, List.of(new Log(), rest));
    }

    private Split fallThrough(Data obj) {
        Log log = obj.log();
        Split s = emptyTraces(log);
        if (s != null) return s;
        int[] alphabet = alphabet(log);
        int a = activityOncePerTrace(log, alphabet);
        if (a < 0) a = activityConcurrent(log, alphabet);
        if (a >= 0) return splitOff(log, a);
        s = tauLoop(log, true);
        if (s != null) return s;
        s = tauLoop(log, false);
        if (s != null) return s;
        return flower(alphabet);
    }

    private int[] alphabet(Log log) {
        BitSet b = new BitSet(n);
        for (Map.Entry<Key, long[]> e : log.entries()) for (int a : e.getKey().a()) b.set(a);
        return b.stream().toArray();
    }

    /** The smallest activity that occurs exactly once in every trace, or -1. */
    private static int activityOncePerTrace(Log log, int[] alphabet) {
        for (int a : alphabet) {
            boolean ok = true;
            for (Map.Entry<Key, long[]> e : log.entries()) {
                int k = 0;
                for (int x : e.getKey().a()) if (x == a) k++;
                if (k != 1) {
                    ok = false;
                    break;
                }
            }
            if (ok) return a;
        }
        return -1;
    }

    /** The smallest activity whose removal leaves a log with an IM cut (on its unfiltered DFG), or -1. */
    private int activityConcurrent(Log log, int[] alphabet) {
        for (int a : alphabet) {
            if (anyCut(dfgWithout(log, a))) return a;
        }
        return -1;
    }

    /** The DFG of the log with every {@code a} removed, without building that log (cuts ignore counts). */
    private Dfg dfgWithout(Log log, int a) {
        Dfg d = new Dfg();
        for (Map.Entry<Key, long[]> e : log.entries()) {
            int prev = -1, last = -1;
            for (int x : e.getKey().a()) {
                if (x == a) continue;
                if (prev < 0) d.start[x] = 1;
                else d.graph[prev * n + x] = 1;
                prev = x;
                last = x;
            }
            if (last >= 0) d.end[last] = 1;
        }
        d.seal();
        return d;
    }

    private Split splitOff(Log log, int a) {
        Log only = new Log(), other = new Log();
        for (Map.Entry<Key, long[]> e : log.entries()) {
            int[] t = e.getKey().a();
            int k = 0;
            for (int x : t) if (x == a) k++;
            int[] ta = new int[k];
            Arrays.fill(ta, a);
            only.add(ta, e.getValue()[0]);
            other.add(without(t, a), e.getValue()[0]);
        }
        return new Split(Operator.PARALLEL, List.of(only, other));
    }

    /** Strict tau loop (split where an end activity is followed by a start activity) or tau loop (at any start). */
    private Split tauLoop(Log log, boolean strict) {
        BitSet start = new BitSet(n), end = new BitSet(n);
        for (Map.Entry<Key, long[]> e : log.entries()) {
            int[] t = e.getKey().a();
            if (t.length == 0) continue;
            start.set(t[0]);
            end.set(t[t.length - 1]);
        }
        Log proj = new Log();
        for (Map.Entry<Key, long[]> e : log.entries()) {
            int[] t = e.getKey().a();
            long c = e.getValue()[0];
            int x = 0;
            for (int i = 1; i < t.length; i++) {
                if (start.get(t[i]) && (!strict || end.get(t[i - 1]))) {
                    proj.add(Arrays.copyOfRange(t, x, i), c);
                    x = i;
                }
            }
            proj.add(Arrays.copyOfRange(t, x, t.length), c);
        }
        if (proj.total() > log.total()) return new Split(Operator.LOOP, List.of(proj, new Log()));
        return null;
    }

    private static Split flower(int[] alphabet) {
        Log doLog = new Log();
        for (int a : alphabet) doLog.add(new int[] {a}, 1);
        return new Split(Operator.LOOP, List.of(doLog, new Log()));
    }
}
