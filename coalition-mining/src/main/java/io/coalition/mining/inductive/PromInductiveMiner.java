package io.coalition.mining.inductive;

import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.ProcessTree.Operator;

import gnu.trove.iterator.TObjectLongIterator;
import gnu.trove.map.hash.TObjectLongHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * ProM's Inductive Miner (S. Leemans' {@code InductiveMiner} package: IM with {@code MiningParametersIM}, IMf with
 * {@code MiningParametersIMf}), re-implemented from its sources as read in the code corpus (not copied). Per node:
 * <ol>
 *   <li>base cases: empty log -> tau; empty traces: when fewer than {@code noise} x |traces| are empty they are
 *   dropped and the node is mined again, otherwise X( tau, IM(rest) ) ({@code BaseCaseFinderIMiEmptyTrace}); a
 *   single activity becomes a leaf when p = |traces| / (|events| + |traces|) is within 0.5 +- noise
 *   ({@code BaseCaseFinderIMiSingleActivity}; with noise 0: exactly once per trace);</li>
 *   <li>cuts ({@code CutFinderIM}): XOR (connected components), sequence (maximal, made strict), concurrent with
 *   minimum self-distance, loop ({@code CutFinderIMLoop}), concurrent; IMf then ({@code CutFinderIMf}) filters the
 *   DFG - start and end activities below noise x the most frequent one, and each edge a -> b below noise x
 *   max(largest outgoing count of a, |a at the end|) - and runs the same cut finders again;</li>
 *   <li>splits (IM and IMf use the same filtering splitters): XOR sends a trace to the part holding most of its
 *   events, sequence cuts each trace at least-cost points, concurrent projects, loop splits at every re-entry;</li>
 *   <li>fall-throughs ({@code FallThroughIM}): activity once per trace (occurring |traces| times in all; by
 *   ascending count), activity concurrent (an activity whose removal from the DFG leaves a DFG with a cut; of
 *   several, the one whose cut the earliest cut finder detects), strict tau loop, tau loop, flower.</li>
 * </ol>
 * Where ProM takes "the first" activity or component from a hash-based collection, this class uses the iteration
 * order of the Trove map ProM counts activities in, keyed by activity names (see {@link #hashOrder}). ProM's activity-concurrent fall-through tries
 * the activities as parallel jobs and keeps whichever succeeds first, which is not deterministic; the rule above
 * stands in for that race. {@link #PromInductiveMiner(String[], double, Choices)} makes both choices otherwise, to
 * show which trees other orders reach (see README).
 * Loops are built as ProM's ternary loops (redo parts under one XOR, tau exit), and the tree is returned folded
 * (ProM's {@code EfficientTreeReduce} rules on these trees: flattening, taus out of sequence and concurrency).
 */
final class PromInductiveMiner {
    private final String[] names;
    /** ProM's threshold is a float, and its comparisons are float arithmetic: the boundaries depend on it. */
    private final float noise;
    /** Null for the default order; otherwise who makes the choices ProM leaves to hash order and thread timing. */
    private final Choices choices;

    /** The choices ProM leaves to hash order and thread timing. */
    interface Choices {
        /** Puts a node's activities in the order it enumerates them. */
        void order(List<Integer> activities);

        /** One of {@code qualify}, the node's activities (in enumeration order) that qualify in activity concurrent. */
        int pick(Set<Integer> activities, List<Integer> qualify);

        /** Both drawn from {@code draws}. */
        static Choices drawn(Random draws) {
            return new Choices() {
                @Override
                public void order(List<Integer> activities) {
                    Collections.shuffle(activities, draws);
                }

                @Override
                public int pick(Set<Integer> activities, List<Integer> qualify) {
                    return qualify.get(draws.nextInt(qualify.size()));
                }
            };
        }
    }

    PromInductiveMiner(String[] names, double noise) {
        this(names, noise, null);
    }

    /**
     * With {@code choices}, each node enumerates its activities in their order instead of {@link #hashOrder} (every
     * place ProM iterates a hash-based set: the concurrent cut's component order, once-per-trace ties, the
     * activity-concurrent candidates) and activity concurrent takes their pick of the activities that qualify
     * instead of the earliest finder's (ProM's race among its parallel jobs).
     */
    PromInductiveMiner(String[] names, double noise, Choices choices) {
        this.names = names;
        this.noise = (float) noise;
        this.choices = choices;
    }

    /**
     * Puts the activities in ProM's enumeration order: ProM counts a node's activities in a {@code MultiSet} backed by
     * a Trove {@code TObjectLongHashMap} keyed by {@code XEventClass} (whose hash is its name's), filled in order of
     * first occurrence, and iterates that map; the fall-throughs take the first activity that qualifies in that
     * order, and the concurrent cut merges leftover components into the first. Of the orders tried this one
     * reproduces the most reference trees (see README).
     */
    private void hashOrder(Info info) {
        TObjectLongHashMap<String> byName = new TObjectLongHashMap<>();
        for (int a : info.acts.keySet()) byName.put(names[a], a);
        List<Integer> order = new ArrayList<>(byName.size());
        for (TObjectLongIterator<String> it = byName.iterator(); it.hasNext(); ) {
            it.advance();
            order.add((int) it.value());
        }
        reorder(info, order);
    }

    /** The activities in the order of {@link #choices}. */
    private void chosenOrder(Info info) {
        List<Integer> order = new ArrayList<>(info.acts.keySet());
        choices.order(order);
        reorder(info, order);
    }

    private static void reorder(Info info, Collection<Integer> order) {
        LinkedHashMap<Integer, Long> ordered = new LinkedHashMap<>();
        for (int a : order) ordered.put(a, info.acts.get(a));
        info.acts.clear();
        info.acts.putAll(ordered);
    }

    ProcessTree mine(List<int[]> traces, List<Long> counts) {
        TraceMultiset log = new TraceMultiset();
        for (int i = 0; i < traces.size(); i++) log.add(traces.get(i), counts.get(i));
        return reduce(mineNode(log).fold()).fold();
    }

    /**
     * The tau rules of ProM's {@code EfficientTreeReduce}, bottom-up: a subtree that can only produce the empty
     * trace becomes tau, and a tau under XOR goes when another child can already produce the empty trace
     * ({@code isSuperfluousTau}); {@link ProcessTree#fold()} does the rest (taus under sequence and concurrency,
     * flattening, single children).
     */
    static ProcessTree reduce(ProcessTree t) {
        if (t.isLeaf()) return t;
        List<ProcessTree> cs = new ArrayList<>();
        for (ProcessTree c : t.children()) cs.add(reduce(c));
        ProcessTree r = ProcessTree.of(t.operator(), cs);
        if (onlyTau(r)) return ProcessTree.tau();
        if (r.operator() == Operator.XOR && cs.stream().anyMatch(c -> !c.isTau() && canSkip(c))) {
            List<ProcessTree> kept = new ArrayList<>();
            for (ProcessTree c : cs) if (!c.isTau()) kept.add(c);
            return kept.size() == 1 ? kept.get(0) : ProcessTree.of(Operator.XOR, kept);
        }
        return r;
    }

    /** Whether the subtree can produce the empty trace. */
    static boolean canSkip(ProcessTree t) {
        if (t.isLeaf()) return t.isTau();
        return switch (t.operator()) {
            case XOR -> t.children().stream().anyMatch(PromInductiveMiner::canSkip);
            case LOOP -> canSkip(t.children().get(0));
            default -> t.children().stream().allMatch(PromInductiveMiner::canSkip);
        };
    }

    /** Whether the subtree can produce only the empty trace. */
    private static boolean onlyTau(ProcessTree t) {
        if (t.isLeaf()) return t.isTau();
        return t.children().stream().allMatch(PromInductiveMiner::onlyTau);
    }

    // ---------------------------------------------------------------------------------------------------------
    // logs and their summaries

    /** ProM's {@code IMLogInfo}: activity, edge, start and end counts, empty traces and minimum self-distances. */
    static final class Info {
        /** Activity counts, in order of first occurrence until {@link #hashOrder} reorders them. */
        final LinkedHashMap<Integer, Long> acts = new LinkedHashMap<>();
        final Map<Long, Long> edges = new LinkedHashMap<>();
        final Map<Integer, Long> starts = new LinkedHashMap<>();
        final Map<Integer, Long> ends = new LinkedHashMap<>();
        final Map<Integer, Set<Integer>> msdBetween = new HashMap<>();
        long traces;
        long events;
        long empty;

        Info(TraceMultiset log) {
            Map<Integer, Integer> msd = new HashMap<>();
            for (int i = 0; i < log.traces.size(); i++) {
                int[] t = log.traces.get(i);
                long c = log.counts.get(i);
                traces += c;
                events += (long) t.length * c;
                if (t.length == 0) {
                    empty += c;
                    continue;
                }
                starts.merge(t[0], c, Long::sum);
                ends.merge(t[t.length - 1], c, Long::sum);
                Map<Integer, Integer> last = new HashMap<>();
                for (int j = 0; j < t.length; j++) {
                    acts.merge(t[j], c, Long::sum);
                    if (j > 0) edges.merge(PlainInductiveMiner.Dfg.key(t[j - 1], t[j]), c, Long::sum);
                    Integer prev = last.put(t[j], j);
                    if (prev != null) {
                        int d = j - prev;
                        Integer best = msd.get(t[j]);
                        if (best == null || d < best) {
                            msd.put(t[j], d);
                            msdBetween.put(t[j], new HashSet<>());
                        }
                        if (best == null || d <= best) {
                            for (int k = prev + 1; k < j; k++) msdBetween.get(t[j]).add(t[k]);
                        }
                    }
                }
            }
        }

        /** A copy of this summary with IMf's filter applied ({@code CutFinderIMf.filterNoise}). */
        Info filtered(float f) {
            Info out = new Info(new TraceMultiset());
            out.acts.putAll(acts);
            out.msdBetween.putAll(msdBetween);
            out.traces = traces;
            out.events = events;
            out.empty = empty;
            long maxStart = starts.values().stream().mapToLong(Long::longValue).max().orElse(0);
            starts.forEach((a, c) -> {
                if (!(c < f * maxStart)) out.starts.put(a, c);
            });
            long maxEnd = ends.values().stream().mapToLong(Long::longValue).max().orElse(0);
            ends.forEach((a, c) -> {
                if (!(c < f * maxEnd)) out.ends.put(a, c);
            });
            // ProM filters the end activities first, so a removed end activity's count no longer raises the maximum
            Map<Integer, Long> maxOut = new HashMap<>();
            out.ends.forEach(maxOut::put);
            edges.forEach((k, c) -> maxOut.merge((int) (k >> 32), c, Math::max));
            edges.forEach((k, c) -> {
                if (!(c < maxOut.get((int) (k >> 32)) * f)) out.edges.put(k, c);
            });
            return out;
        }

        /** The DFG on {@code sigma} only: internal edges, the start and end activities among sigma, no self-distances. */
        Info restricted(Set<Integer> sigma) {
            Info out = new Info(new TraceMultiset());
            acts.forEach((a, c) -> {
                if (sigma.contains(a)) out.acts.put(a, c);
            });
            starts.forEach((a, c) -> {
                if (sigma.contains(a)) out.starts.put(a, c);
            });
            ends.forEach((a, c) -> {
                if (sigma.contains(a)) out.ends.put(a, c);
            });
            edges.forEach((k, c) -> {
                if (sigma.contains((int) (k >> 32)) && sigma.contains((int) (long) k)) out.edges.put(k, c);
            });
            out.traces = traces;
            return out;
        }

        boolean has(int a, int b) {
            return edges.containsKey(PlainInductiveMiner.Dfg.key(a, b));
        }

        PlainInductiveMiner.Dfg dfg() {
            List<int[]> pairs = new ArrayList<>();
            for (long k : edges.keySet()) pairs.add(new int[] {(int) (k >> 32), (int) k});
            return new PlainInductiveMiner.Dfg(pairs, true);
        }
    }

    private record Cut(Operator op, List<Set<Integer>> parts) {
    }

    // ---------------------------------------------------------------------------------------------------------
    // recursion

    private ProcessTree mineNode(TraceMultiset log) {
        Info info = new Info(log);
        if (choices == null) hashOrder(info);
        else chosenOrder(info);
        // base cases
        if (info.traces == 0) return ProcessTree.tau();
        if (info.empty > 0) {
            TraceMultiset rest = new TraceMultiset();
            for (int i = 0; i < log.traces.size(); i++) {
                if (log.traces.get(i).length > 0) rest.add(log.traces.get(i), log.counts.get(i));
            }
            if (info.empty < info.traces * noise) return mineNode(rest);
            return ProcessTree.xor(ProcessTree.tau(), mineNode(rest));
        }
        if (info.acts.size() == 1) {
            double p = info.traces / (double) (info.events + info.traces);
            if (0.5 - noise <= p && p <= 0.5 + noise) return ProcessTree.activity(names[info.acts.keySet().iterator().next()]);
        }
        Cut cut = findCut(info);
        if (cut != null) return fromCut(cut, log);
        return fallThrough(log, info);
    }

    private Cut findCut(Info info) {
        Cut cut = imCut(info);
        if (cut == null && noise > 0) cut = imCut(info.filtered(noise));
        return cut;
    }

    private ProcessTree fromCut(Cut cut, TraceMultiset log) {
        List<TraceMultiset> subs = switch (cut.op()) {
            case XOR -> splitXor(cut.parts(), log);
            case SEQUENCE -> splitSequence(cut.parts(), log);
            case PARALLEL -> splitParallel(cut.parts(), log);
            default -> splitLoop(cut.parts(), log);
        };
        List<ProcessTree> cs = new ArrayList<>();
        for (TraceMultiset s : subs) cs.add(mineNode(s));
        if (cut.op() != Operator.LOOP) return ProcessTree.of(cut.op(), cs);
        ProcessTree redo = cs.size() == 2 ? cs.get(1) : ProcessTree.of(Operator.XOR, cs.subList(1, cs.size()));
        return ProcessTree.loop(cs.get(0), redo);
    }

    // ---------------------------------------------------------------------------------------------------------
    // cuts (CutFinderIM: XOR, sequence, concurrent with minimum self-distance, loop, concurrent)

    private static Cut imCut(Info info) {
        List<Set<Integer>> p = xorCut(info);
        if (p.size() > 1) return new Cut(Operator.XOR, p);
        List<List<Integer>> seq = strictMaximalSequenceCut(info.dfg(), info.acts.keySet(),
                new ArrayList<>(info.starts.keySet()), new ArrayList<>(info.ends.keySet()));
        if (seq != null && seq.size() > 1) {
            List<Set<Integer>> parts = new ArrayList<>();
            for (List<Integer> g : seq) parts.add(new TreeSet<>(g));
            return new Cut(Operator.SEQUENCE, parts);
        }
        p = concurrentCut(info, true);
        if (p != null && p.size() > 1) return new Cut(Operator.PARALLEL, p);
        p = loopCut(info);
        if (p.size() > 1) return new Cut(Operator.LOOP, p);
        p = concurrentCut(info, false);
        if (p != null && p.size() > 1) return new Cut(Operator.PARALLEL, p);
        return null;
    }


    /**
     * ProM's sequence cut ({@code CutFinderIMSequence}, as {@code CutFinderIM} and {@code DfgCutFinderSimple} call it): the maximal cut
     * (pairwise unreachable activities merged, groups ordered by reachability), made strict by ProM's pivot merge
     * ({@link #pivotMerge}). pm4py 2.0-2.2 used {@link PlainInductiveMiner#layeredSequenceCut} instead.
     */
    static List<List<Integer>> strictMaximalSequenceCut(PlainInductiveMiner.Dfg dfg, Set<Integer> acts, List<Integer> starts,
                                                        List<Integer> ends) {
        LinkedHashSet<Integer> nodeSet = new LinkedHashSet<>(acts);
        for (int[] e : dfg.edges) {
            nodeSet.add(e[0]);
            nodeSet.add(e[1]);
        }
        List<Integer> nodes = new ArrayList<>(nodeSet);
        int k = nodes.size();
        Map<Integer, Integer> ix = new HashMap<>();
        for (int i = 0; i < k; i++) ix.put(nodes.get(i), i);
        boolean[][] r = new boolean[k][k];
        for (int[] e : dfg.edges) r[ix.get(e[0])][ix.get(e[1])] = true;
        for (int m = 0; m < k; m++) for (int i = 0; i < k; i++) if (r[i][m]) for (int j = 0; j < k; j++) if (r[m][j]) r[i][j] = true;
        Map<Integer, Integer> parent = new HashMap<>();
        for (int n : nodes) parent.put(n, n);
        for (int i = 0; i < k; i++) for (int j = i + 1; j < k; j++) if (r[i][j] == r[j][i]) PlainInductiveMiner.union(parent, nodes.get(i), nodes.get(j));
        List<List<Integer>> gs = PlainInductiveMiner.groups(nodes, parent);
        if (gs.size() < 2) return null;
        int[] key = new int[k];
        for (int x = 0; x < k; x++) {
            int pre = 0;
            int suc = 0;
            for (int y = 0; y < k; y++) {
                if (r[y][x]) pre++;
                if (r[x][y]) suc++;
            }
            key[x] = pre + (k - suc);
        }
        gs.sort((a, b) -> Integer.compare(key[ix.get(a.get(0))], key[ix.get(b.get(0))]));
        return pivotMerge(gs, dfg, starts, ends);
    }

    /**
     * ProM's {@code CutFinderIMSequenceStrict.merge}: for each part, the lowest part with an edge into it and the
     * highest part it has an edge to (start and end activities count as edges from before and to after all parts);
     * where a part can be skipped, the parts around a pivot whose edges all stay within reach are merged.
     */
    static List<List<Integer>> pivotMerge(List<List<Integer>> cut, PlainInductiveMiner.Dfg dfg, List<Integer> starts, List<Integer> ends) {
        int n = cut.size();
        if (n == 2) return cut;
        Map<Integer, Integer> partOf = new HashMap<>();
        for (int i = 0; i < n; i++) for (int a : cut.get(i)) partOf.put(a, i);
        int[] minFrom = new int[n];
        int[] maxTo = new int[n];
        boolean[] skippable = new boolean[n];
        Arrays.fill(minFrom, Integer.MAX_VALUE);
        Arrays.fill(maxTo, Integer.MIN_VALUE);
        for (int a : starts) {
            int p = partOf.get(a);
            minFrom[p] = -1;
            for (int i = 0; i < p; i++) skippable[i] = true;
        }
        for (int a : ends) {
            int p = partOf.get(a);
            maxTo[p] = Integer.MAX_VALUE;
            for (int i = p + 1; i < n; i++) skippable[i] = true;
        }
        for (int[] e : dfg.edges) {
            int from = partOf.get(e[0]);
            int to = partOf.get(e[1]);
            minFrom[to] = Math.min(minFrom[to], from);
            maxTo[from] = Math.max(maxTo[from], to);
            for (int i = from + 1; i < to; i++) skippable[i] = true;
        }
        boolean inversion = false;
        for (int i = 1; i < n; i++) inversion |= maxTo[i - 1] > maxTo[i] || minFrom[i - 1] > minFrom[i];
        if (!inversion) return cut;
        int[] component = new int[n];
        for (int i = 0; i < n; i++) component[i] = i;
        for (int i = 0; i < n; i++) {
            if (i >= 1 && skippable[i] && maxTo[i - 1] == i) {
                int j = i - 1;
                while (j >= 0 && maxTo[j] <= i) j--;
                for (int k = j + 1; k < i; k++) mergeComponent(component, k, k + 1);
            }
            if (i < n - 1 && skippable[i] && minFrom[i + 1] == i) {
                int j = i + 1;
                while (j < n && minFrom[j] >= i) j++;
                for (int k = i; k < j - 1; k++) mergeComponent(component, k, k + 1);
            }
        }
        LinkedHashMap<Integer, List<Integer>> merged = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) merged.computeIfAbsent(component[i], x -> new ArrayList<>()).addAll(cut.get(i));
        return merged.size() > 1 ? new ArrayList<>(merged.values()) : cut;
    }

    /** ProM's {@code Components.mergeComponents}: component a joins b (a no-op once a has no member left). */
    private static void mergeComponent(int[] component, int a, int b) {
        for (int i = 0; i < component.length; i++) if (component[i] == a) component[i] = b;
    }

    /** ProM's {@code DfgCutFinderSimple}: XOR, sequence, concurrent without minimum self-distance, loop. */
    private static Cut simpleCut(Info info) {
        List<Set<Integer>> p = xorCut(info);
        if (p.size() > 1) return new Cut(Operator.XOR, p);
        List<List<Integer>> seq = strictMaximalSequenceCut(info.dfg(), info.acts.keySet(),
                new ArrayList<>(info.starts.keySet()), new ArrayList<>(info.ends.keySet()));
        if (seq != null && seq.size() > 1) return new Cut(Operator.SEQUENCE, List.of());
        p = concurrentCut(info, false);
        if (p != null && p.size() > 1) return new Cut(Operator.PARALLEL, p);
        p = loopCut(info);
        if (p.size() > 1) return new Cut(Operator.LOOP, p);
        return null;
    }

    private static List<Set<Integer>> components(Set<Integer> nodes, List<int[]> links) {
        Map<Integer, Integer> parent = new HashMap<>();
        for (int n : nodes) parent.put(n, n);
        for (int[] l : links) {
            if (parent.containsKey(l[0]) && parent.containsKey(l[1])) PlainInductiveMiner.union(parent, l[0], l[1]);
        }
        List<Set<Integer>> out = new ArrayList<>();
        for (List<Integer> g : PlainInductiveMiner.groups(nodes, parent)) out.add(new TreeSet<>(g));
        return out;
    }

    private static List<Set<Integer>> xorCut(Info info) {
        List<int[]> links = new ArrayList<>();
        for (long k : info.edges.keySet()) links.add(new int[] {(int) (k >> 32), (int) k});
        return components(info.acts.keySet(), links);
    }

    /** {@code CutFinderIMConcurrent}: components of the "not both directions" graph, merged to have a start and an end. */
    private static List<Set<Integer>> concurrentCut(Info info, boolean minimumSelfDistance) {
        if (info.starts.isEmpty() || info.ends.isEmpty()) return null;
        List<int[]> links = new ArrayList<>();
        for (int a : info.acts.keySet()) {
            for (int b : info.acts.keySet()) {
                if (a != b && !(info.has(a, b) && info.has(b, a))) links.add(new int[] {a, b});
            }
            if (minimumSelfDistance) {
                for (int b : info.msdBetween.getOrDefault(a, Set.of())) links.add(new int[] {a, b});
            }
        }
        List<Set<Integer>> ccs = components(info.acts.keySet(), links);
        List<Set<Integer>> full = new ArrayList<>();
        List<Set<Integer>> onlyStart = new ArrayList<>();
        List<Set<Integer>> onlyEnd = new ArrayList<>();
        List<Set<Integer>> neither = new ArrayList<>();
        for (Set<Integer> cc : ccs) {
            boolean s = cc.stream().anyMatch(info.starts::containsKey);
            boolean e = cc.stream().anyMatch(info.ends::containsKey);
            (s ? (e ? full : onlyStart) : (e ? onlyEnd : neither)).add(cc);
        }
        List<Set<Integer>> out = new ArrayList<>(full);
        int i = 0;
        for (; i < onlyStart.size() && i < onlyEnd.size(); i++) {
            Set<Integer> m = new TreeSet<>(onlyStart.get(i));
            m.addAll(onlyEnd.get(i));
            out.add(m);
        }
        List<Set<Integer>> rest = new ArrayList<>();
        rest.addAll(onlyStart.subList(i, onlyStart.size()));
        rest.addAll(onlyEnd.subList(Math.min(i, onlyEnd.size()), onlyEnd.size()));
        rest.addAll(neither);
        if (out.isEmpty()) return null;
        for (Set<Integer> r : rest) out.get(0).addAll(r);
        return out;
    }

    /** {@code CutFinderIMLoop}: start and end activities form the body; other components are redo candidates. */
    private static List<Set<Integer>> loopCut(Info info) {
        Map<Integer, Integer> cc = new HashMap<>();
        for (int a : info.starts.keySet()) cc.put(a, 0);
        for (int a : info.ends.keySet()) cc.put(a, 0);
        int n = 1;
        for (int a : info.acts.keySet()) {
            if (cc.containsKey(a)) continue;
            List<Integer> stack = new ArrayList<>(List.of(a));
            cc.put(a, n);
            while (!stack.isEmpty()) {
                int x = stack.remove(stack.size() - 1);
                for (long k : info.edges.keySet()) {
                    int u = (int) (k >> 32);
                    int v = (int) k;
                    int other = u == x ? v : v == x ? u : -1;
                    if (other >= 0 && !cc.containsKey(other)) {
                        cc.put(other, n);
                        stack.add(other);
                    }
                }
            }
            n++;
        }
        boolean[] candidate = new boolean[n];
        Arrays.fill(candidate, 1, n, true);
        List<Set<Integer>> compStarts = new ArrayList<>();
        List<Set<Integer>> compEnds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            compStarts.add(new HashSet<>());
            compEnds.add(new HashSet<>());
        }
        for (long k : info.edges.keySet()) {
            int u = (int) (k >> 32);
            int v = (int) k;
            if (!cc.get(u).equals(cc.get(v))) {
                compStarts.get(cc.get(v)).add(v);
                compEnds.get(cc.get(u)).add(u);
            }
            // reachable from a start activity that is not an end activity, or reaching such an end activity
            if (info.starts.containsKey(u) && !info.ends.containsKey(u)) candidate[cc.get(v)] = false;
            if (info.ends.containsKey(v) && !info.starts.containsKey(v)) candidate[cc.get(u)] = false;
        }
        for (int i = 1; i < n; i++) {
            for (int e : compEnds.get(i)) for (int s : info.starts.keySet()) if (!info.has(e, s)) candidate[i] = false;
            for (int s : compStarts.get(i)) for (int e : info.ends.keySet()) if (!info.has(e, s)) candidate[i] = false;
        }
        List<Set<Integer>> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) parts.add(new TreeSet<>());
        for (int a : info.acts.keySet()) parts.get(candidate[cc.get(a)] ? cc.get(a) : 0).add(a);
        parts.removeIf(Set::isEmpty);
        return parts;
    }

    // ---------------------------------------------------------------------------------------------------------
    // log splitters (LogSplitterXorFiltering, LogSplitterSequenceFiltering, LogSplitterParallel, LogSplitterLoop)

    private static int partOf(List<Set<Integer>> parts, int a) {
        for (int i = 0; i < parts.size(); i++) if (parts.get(i).contains(a)) return i;
        return -1;
    }

    private static int[] project(int[] t, Set<Integer> sigma) {
        return Arrays.stream(t).filter(sigma::contains).toArray();
    }

    static List<TraceMultiset> splitXor(List<Set<Integer>> parts, TraceMultiset log) {
        List<TraceMultiset> out = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) out.add(new TraceMultiset());
        for (int i = 0; i < log.traces.size(); i++) {
            int[] t = log.traces.get(i);
            long c = log.counts.get(i);
            if (t.length == 0) {
                for (TraceMultiset l : out) l.add(t, c);
                continue;
            }
            int[] counter = new int[parts.size()];
            int max = 0;
            int best = -1;
            for (int a : t) {
                int p = partOf(parts, a);
                if (++counter[p] > max) {
                    max = counter[p];
                    best = p;
                }
            }
            out.get(best).add(project(t, parts.get(best)), c);
        }
        return out;
    }

    static List<TraceMultiset> splitSequence(List<Set<Integer>> parts, TraceMultiset log) {
        List<TraceMultiset> out = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) out.add(new TraceMultiset());
        for (int i = 0; i < log.traces.size(); i++) {
            int[] t = log.traces.get(i);
            long c = log.counts.get(i);
            Set<Integer> ignore = new HashSet<>();
            int at = 0;
            for (int p = 0; p < parts.size(); p++) {
                Set<Integer> sigma = parts.get(p);
                int from = at;
                at = p + 1 < parts.size() ? optimalSplit(t, sigma, at, ignore) : t.length;
                ignore.addAll(sigma);
                out.get(p).add(project(Arrays.copyOfRange(t, from, at), sigma), c);
            }
        }
        return out;
    }

    /** The position after which the fewest events are misplaced: sigma's events count -1, others +1, ignored 0. */
    private static int optimalSplit(int[] t, Set<Integer> sigma, int start, Set<Integer> ignore) {
        int best = start;
        int least = 0;
        int cost = 0;
        for (int pos = start; pos < t.length; pos++) {
            if (!ignore.contains(t[pos])) cost += sigma.contains(t[pos]) ? -1 : 1;
            if (cost < least) {
                least = cost;
                best = pos + 1;
            }
        }
        return best;
    }

    static List<TraceMultiset> splitParallel(List<Set<Integer>> parts, TraceMultiset log) {
        List<TraceMultiset> out = new ArrayList<>();
        for (Set<Integer> sigma : parts) {
            TraceMultiset l = new TraceMultiset();
            for (int i = 0; i < log.traces.size(); i++) l.add(project(log.traces.get(i), sigma), log.counts.get(i));
            out.add(l);
        }
        return out;
    }

    static List<TraceMultiset> splitLoop(List<Set<Integer>> parts, TraceMultiset log) {
        List<TraceMultiset> out = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            Set<Integer> sigma = parts.get(p);
            boolean body = p == 0;
            TraceMultiset l = new TraceMultiset();
            for (int i = 0; i < log.traces.size(); i++) {
                int[] t = log.traces.get(i);
                long c = log.counts.get(i);
                List<Integer> cur = new ArrayList<>();
                boolean lastIn = body;
                boolean anyIn = false;
                for (int a : t) {
                    if (sigma.contains(a)) {
                        if (!lastIn && (body || anyIn)) {
                            // a new subtrace begins: the events so far form one
                            l.add(cur.stream().mapToInt(Integer::intValue).toArray(), c);
                            cur = new ArrayList<>();
                        }
                        cur.add(a);
                        lastIn = true;
                        anyIn = true;
                    } else {
                        lastIn = false;
                    }
                }
                if (body || anyIn) l.add(cur.stream().mapToInt(Integer::intValue).toArray(), c);
            }
            out.add(l);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // fall-throughs (FallThroughIM)

    private ProcessTree fallThrough(TraceMultiset log, Info info) {
        // activity once per trace (strict): ProM checks only that no trace is empty (always so here) and that the
        // activity occurs |traces| times in all
        if (info.acts.size() > 1) {
            // MultiSet.sortByCardinality: a stable sort, ties in order of first occurrence
            List<Integer> byCount = new ArrayList<>(info.acts.keySet());
            byCount.sort((a, b) -> Long.compare(info.acts.get(a), info.acts.get(b)));
            for (int a : byCount) {
                if (info.acts.get(a) == info.traces) return concurrentSplit(log, info, a);
            }
        }
        // activity concurrent: an activity whose removal from the DFG (ProM's SimpleDfgSplitter: edges through it
        // are dropped, start and end activities kept as they are) leaves a DFG with a cut (DfgCutFinderSimple: XOR,
        // sequence, concurrent without minimum self-distance, loop; no filtering). ProM checks all activities as
        // parallel jobs and takes the first to succeed; we take the one whose cut the earliest finder detects (the
        // job that stops soonest), ties in enumeration order; with choices, their pick of those that qualify.
        if (info.acts.size() >= 3) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            List<Integer> qualify = new ArrayList<>();
            for (int a : info.acts.keySet()) {
                Set<Integer> rest = new LinkedHashSet<>(info.acts.keySet());
                rest.remove(a);
                Cut c = simpleCut(info.restricted(rest));
                if (c == null) continue;
                qualify.add(a);
                int rank = switch (c.op()) {
                    case XOR -> 0;
                    case SEQUENCE -> 1;
                    case PARALLEL -> 2;
                    default -> 3;
                };
                if (rank < bestRank) {
                    best = a;
                    bestRank = rank;
                }
            }
            if (choices != null && !qualify.isEmpty()) best = choices.pick(info.acts.keySet(), qualify);
            if (best >= 0) return concurrentSplit(log, info, best);
        }
        if (info.acts.size() > 1) {
            // strict tau loop: split where an end activity is directly followed by a start activity
            TraceMultiset split = new TraceMultiset();
            boolean any = false;
            for (int i = 0; i < log.traces.size(); i++) {
                int[] t = log.traces.get(i);
                int from = 0;
                for (int j = 1; j < t.length; j++) {
                    if (info.ends.containsKey(t[j - 1]) && info.starts.containsKey(t[j])) {
                        split.add(Arrays.copyOfRange(t, from, j), log.counts.get(i));
                        from = j;
                        any = true;
                    }
                }
                split.add(Arrays.copyOfRange(t, from, t.length), log.counts.get(i));
            }
            if (any) return ProcessTree.loop(mineNode(split), ProcessTree.tau());
            // tau loop: split before every start activity that is not the first event
            split = new TraceMultiset();
            for (int i = 0; i < log.traces.size(); i++) {
                int[] t = log.traces.get(i);
                int from = 0;
                for (int j = 1; j < t.length; j++) {
                    if (info.starts.containsKey(t[j])) {
                        split.add(Arrays.copyOfRange(t, from, j), log.counts.get(i));
                        from = j;
                        any = true;
                    }
                }
                split.add(Arrays.copyOfRange(t, from, t.length), log.counts.get(i));
            }
            if (any) return ProcessTree.loop(mineNode(split), ProcessTree.tau());
        }
        // flower (no empty traces reach this point)
        List<ProcessTree> leaves = new ArrayList<>();
        for (int a : info.acts.keySet()) leaves.add(ProcessTree.activity(names[a]));
        ProcessTree choice = leaves.size() == 1 ? leaves.get(0) : ProcessTree.of(Operator.XOR, leaves);
        return ProcessTree.loop(choice, ProcessTree.tau());
    }

    private ProcessTree concurrentSplit(TraceMultiset log, Info info, int a) {
        Set<Integer> rest = new TreeSet<>(info.acts.keySet());
        rest.remove(a);
        List<TraceMultiset> subs = splitParallel(List.of(new TreeSet<>(Set.of(a)), rest), log);
        return ProcessTree.parallel(mineNode(subs.get(0)), mineNode(subs.get(1)));
    }
}
