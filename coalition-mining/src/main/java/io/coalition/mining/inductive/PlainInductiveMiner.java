package io.coalition.mining.inductive;

import io.coalition.mining.tree.ProcessTree;
import io.coalition.mining.tree.ProcessTree.Operator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * pm4py's "plain" log-based Inductive Miner of pm4py 2.0-2.2 ({@code variants/im}, {@code SubtreePlain}). It works
 * on the set of variants (every split keeps one trace per variant) and keeps that implementation's quirks, since
 * they decide the tree: XOR before sequence; the layered sequence cut (see {@link #layeredSequenceCut}); a
 * parallel cut that needs a start and an end activity in every part; a loop cut whose redo parts grow by forward reachability; and the
 * fall-throughs empty trace, activity once per trace, activity concurrent (which, as in pm4py, forgets every
 * activity it has tried without success), strict tau loop, tau loop and flower.
 */
final class PlainInductiveMiner {
    private final String[] names;

    PlainInductiveMiner(String[] names) {
        this.names = names;
    }

    ProcessTree mine(List<int[]> variants) {
        List<int[]> log = dedup(variants);
        return rec(log, startActs(log), endActs(log));
    }

    // ---------------------------------------------------------------------------------------------------------
    // log helpers (activity order = first occurrence, as pm4py's dicts)

    private static List<int[]> dedup(List<int[]> log) {
        Set<List<Integer>> seen = new HashSet<>();
        List<int[]> out = new ArrayList<>();
        for (int[] t : log) if (seen.add(Arrays.stream(t).boxed().toList())) out.add(t);
        return out;
    }

    private static LinkedHashMap<Integer, Integer> activities(List<int[]> log) {
        LinkedHashMap<Integer, Integer> m = new LinkedHashMap<>();
        for (int[] t : log) for (int a : t) m.merge(a, 1, Integer::sum);
        return m;
    }

    private static List<Integer> startActs(List<int[]> log) {
        LinkedHashSet<Integer> s = new LinkedHashSet<>();
        for (int[] t : log) if (t.length > 0) s.add(t[0]);
        return new ArrayList<>(s);
    }

    private static List<Integer> endActs(List<int[]> log) {
        LinkedHashSet<Integer> s = new LinkedHashSet<>();
        for (int[] t : log) if (t.length > 0) s.add(t[t.length - 1]);
        return new ArrayList<>(s);
    }

    /** Directly-follows edges in order of first occurrence. */
    static final class Dfg {
        final List<int[]> edges = new ArrayList<>();
        final Set<Long> set = new HashSet<>();

        /** A DFG of the given edges (pairs), in the given order. */
        Dfg(Iterable<int[]> pairs, boolean fromEdges) {
            for (int[] e : pairs) if (set.add(key(e[0], e[1]))) edges.add(new int[] {e[0], e[1]});
        }

        Dfg(List<int[]> log) {
            for (int[] t : log) {
                for (int i = 1; i < t.length; i++) {
                    if (set.add(key(t[i - 1], t[i]))) edges.add(new int[] {t[i - 1], t[i]});
                }
            }
        }

        boolean has(int a, int b) {
            return set.contains(key(a, b));
        }

        static long key(int a, int b) {
            return ((long) a << 32) | (b & 0xffffffffL);
        }
    }

    private static boolean hasEmpty(List<int[]> log) {
        for (int[] t : log) if (t.length == 0) return true;
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------
    // recursion

    private ProcessTree rec(List<int[]> log, List<Integer> starts, List<Integer> ends) {
        if (log.isEmpty()) return ProcessTree.tau();
        if (log.get(0).length >= 1) {
            int first = log.get(0)[0];
            boolean single = true;
            for (int[] t : log) single &= t.length == 1 && t[0] == first;
            if (single) return ProcessTree.activity(names[first]);
        }
        LinkedHashMap<Integer, Integer> acts = activities(log);
        Dfg dfg = new Dfg(log);
        boolean empty = hasEmpty(log);
        if (!empty) {
            List<List<Integer>> cut = components(dfg, acts.keySet());
            if (cut.size() > 1) return node(Operator.XOR, splitXor(cut, log));
            cut = layeredSequenceCut(dfg, acts.keySet(), ends);
            if (cut != null) return node(Operator.SEQUENCE, splitSequence(cut, log));
            cut = parallelCut(dfg, acts.keySet(), starts, ends);
            if (cut != null) return node(Operator.PARALLEL, splitParallel(cut, log));
            cut = loopCut(dfg, acts.keySet(), starts, ends);
            if (cut != null) {
                List<List<int[]>> parts = splitLoop(cut, log);
                List<ProcessTree> cs = new ArrayList<>();
                for (List<int[]> p : parts) cs.add(rec(p, startActs(p), endActs(p)));
                if (cs.size() == 1) return ProcessTree.loop(cs.get(0), ProcessTree.tau());
                if (cs.size() == 2) return ProcessTree.loop(cs.get(0), cs.get(1));
                return ProcessTree.loop(cs.get(0), ProcessTree.of(Operator.XOR, cs.subList(1, cs.size())));
            }
        }
        return fallThrough(log, acts, starts, ends);
    }

    private ProcessTree node(Operator op, List<List<int[]>> logs) {
        List<ProcessTree> cs = new ArrayList<>();
        for (List<int[]> l : logs) cs.add(rec(l, startActs(l), endActs(l)));
        return ProcessTree.of(op, cs);
    }

    private ProcessTree fallThrough(List<int[]> log, LinkedHashMap<Integer, Integer> acts, List<Integer> starts,
                                    List<Integer> ends) {
        if (hasEmpty(log)) {
            List<int[]> ne = new ArrayList<>();
            for (int[] t : log) if (t.length > 0) ne.add(t);
            return ProcessTree.xor(ProcessTree.tau(), rec(ne, startActs(ne), endActs(ne)));
        }
        // activity once per trace: the first activity (log order) counted once per trace and present in every trace
        for (Map.Entry<Integer, Integer> e : acts.entrySet()) {
            if (e.getValue() != log.size()) continue;
            int a = e.getKey();
            boolean all = true;
            for (int[] t : log) all &= contains(t, a);
            if (all) {
                List<int[]> rest = without(log, a);
                return ProcessTree.parallel(ProcessTree.activity(names[a]), rec(rest, startActs(rest), endActs(rest)));
            }
        }
        // activity concurrent; pm4py deletes each tried activity from the node's activities (a shallow copy)
        for (int key : new ArrayList<>(acts.keySet())) {
            List<int[]> test = without(log, key);
            if (hasEmpty(test)) continue;
            acts.remove(key);
            if (hasCut(test, acts.keySet(), starts, ends)) {
                List<int[]> small = new ArrayList<>();
                for (int[] t : log) small.add(Arrays.stream(t).filter(x -> x == key).toArray());
                small = dedup(small);
                return ProcessTree.parallel(rec(small, List.of(), List.of()), rec(test, startActs(test), endActs(test)));
            }
        }
        List<int[]> split = new ArrayList<>();
        for (int[] t : log) {
            int x = 0;
            for (int i = 0; i + 1 < t.length; i++) {
                if (ends.contains(t[i]) && starts.contains(t[i + 1])) {
                    split.add(Arrays.copyOfRange(t, x, i + 1));
                    x = i + 1;
                }
            }
            split.add(Arrays.copyOfRange(t, x, t.length));
        }
        if (split.size() > log.size()) {
            List<int[]> l = dedup(split);
            return ProcessTree.loop(rec(l, startActs(l), endActs(l)), ProcessTree.tau());
        }
        split.clear();
        for (int[] t : log) {
            int x = 0;
            for (int i = 1; i < t.length; i++) {
                if (starts.contains(t[i])) {
                    split.add(Arrays.copyOfRange(t, x, i));
                    x = i;
                }
            }
            split.add(Arrays.copyOfRange(t, x, t.length));
        }
        if (split.size() > log.size()) {
            List<int[]> l = dedup(split);
            return ProcessTree.loop(rec(l, startActs(l), endActs(l)), ProcessTree.tau());
        }
        return flower(acts.keySet(), names);
    }

    /**
     * The flower fall-through as pm4py 2.0-2.2 returns it from {@code get_repr}, {@code *( X(a, b, ...), tau )},
     * after {@code apply_tree}'s {@code fix_one_child_xor_flower}: that step appends the only child of a one-child
     * XOR to the end of the XOR's parent and then deletes the XOR, so a single-activity flower becomes
     * {@code *( tau, a )} - do and redo swapped, which is another net ({@code a} may be skipped) and other
     * replay figures (TraVaS' Sepsis IMf fitness and generalization depend on it, for CRP).
     */
    static ProcessTree flower(java.util.Collection<Integer> activities, String[] names) {
        List<ProcessTree> flower = new ArrayList<>();
        for (int a : activities) flower.add(ProcessTree.activity(names[a]));
        if (flower.isEmpty()) return ProcessTree.loop(ProcessTree.tau(), ProcessTree.tau());
        if (flower.size() == 1) return ProcessTree.loop(ProcessTree.tau(), flower.get(0));
        return ProcessTree.loop(ProcessTree.of(Operator.XOR, flower), ProcessTree.tau());
    }

    /** pm4py's {@code check_for_cut}: the cuts on the log without the tried activity, start/end of the node's log. */
    private static boolean hasCut(List<int[]> test, Set<Integer> acts, List<Integer> starts, List<Integer> ends) {
        Dfg dfg = new Dfg(test);
        if (components(dfg, acts).size() > 1) return true;
        if (layeredSequenceCut(dfg, acts, ends) != null) return true;
        if (parallelCut(dfg, acts, starts, ends) != null) return true;
        return loopCut(dfg, acts, starts, ends) != null;
    }

    private static boolean contains(int[] t, int a) {
        for (int x : t) if (x == a) return true;
        return false;
    }

    private static List<int[]> without(List<int[]> log, int a) {
        List<int[]> out = new ArrayList<>();
        for (int[] t : log) out.add(Arrays.stream(t).filter(x -> x != a).toArray());
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // cuts

    /** Weakly connected components over the edge endpoints and {@code acts}. */
    static List<List<Integer>> components(Dfg dfg, Set<Integer> acts) {
        LinkedHashSet<Integer> nodes = new LinkedHashSet<>();
        for (int[] e : dfg.edges) {
            nodes.add(e[0]);
            nodes.add(e[1]);
        }
        nodes.addAll(acts);
        Map<Integer, Integer> parent = new HashMap<>();
        for (int n : nodes) parent.put(n, n);
        for (int[] e : dfg.edges) union(parent, e[0], e[1]);
        return groups(nodes, parent);
    }

    static int find(Map<Integer, Integer> p, int a) {
        while (p.get(a) != a) a = p.get(a);
        return a;
    }

    static void union(Map<Integer, Integer> p, int a, int b) {
        int ra = find(p, a);
        int rb = find(p, b);
        if (ra != rb) p.put(rb, ra);
    }

    static List<List<Integer>> groups(Iterable<Integer> nodes, Map<Integer, Integer> parent) {
        LinkedHashMap<Integer, List<Integer>> by = new LinkedHashMap<>();
        for (int n : nodes) by.computeIfAbsent(find(parent, n), x -> new ArrayList<>()).add(n);
        return new ArrayList<>(by.values());
    }

    /**
     * pm4py 2.0-2.2's {@code cut_detection.detect_sequential_cut}: the strongly connected components of the DFG in
     * networkx's order, layered by predecessors - first the components nobody precedes, then, scanning by
     * component index, every component whose predecessors are all placed (one placed earlier in the same scan
     * counts, so a scan can take a chain). {@code null} when fewer than two layers result.
     */
    static List<List<Integer>> layeredSequenceCut(Dfg dfg, Set<Integer> acts, List<Integer> ends) {
        List<Map.Entry<Integer, Integer>> edges = new ArrayList<>();
        for (int[] e : dfg.edges) edges.add(Map.entry(e[0], e[1]));
        List<Set<Integer>> sccs = NetworkxScc.components(NetworkxScc.graph(acts, edges));
        int k = sccs.size();
        if (k < 2) return null;
        Map<Integer, Integer> sccOf = new HashMap<>();
        for (int i = 0; i < k; i++) for (int a : sccs.get(i)) sccOf.put(a, i);
        boolean[][] precededBy = new boolean[k][k];
        for (int[] e : dfg.edges) {
            int from = sccOf.get(e[0]);
            int to = sccOf.get(e[1]);
            if (from != to) precededBy[to][from] = true;
        }
        List<List<Integer>> layers = new ArrayList<>();
        boolean[] placed = new boolean[k];
        List<Integer> first = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            boolean none = true;
            for (int j = 0; j < k; j++) none &= !precededBy[i][j];
            if (none) {
                first.add(i);
                placed[i] = true;
            }
        }
        if (first.isEmpty()) return null;
        layers.add(first);
        while (true) {
            List<Integer> layer = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                if (placed[i]) continue;
                boolean ready = true;
                for (int j = 0; j < k; j++) ready &= !precededBy[i][j] || placed[j];
                if (ready) {
                    layer.add(i);
                    placed[i] = true;
                }
            }
            if (layer.isEmpty()) break;
            layers.add(layer);
        }
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < k; i++) if (!placed[i]) rest.add(i);
        if (!rest.isEmpty()) layers.add(rest);
        if (layers.size() < 2) return null;
        List<Set<Integer>> cut = new ArrayList<>();
        for (List<Integer> layer : layers) {
            Set<Integer> group = new LinkedHashSet<>();
            for (int i : layer) group.addAll(sccs.get(i));
            cut.add(group);
        }
        mergeSkippedLayers(cut, dfg, ends);
        List<List<Integer>> out = new ArrayList<>();
        for (Set<Integer> g : cut) out.add(new ArrayList<>(g));
        return out;
    }

    /**
     * The later 2.2 step that makes the layered cut a sequence cut by definition: a layer with an edge that skips
     * the next layer, or with an end activity of the node that has no outgoing edge, is merged with the next layer
     * (and checked again), as long as more than two layers remain.
     */
    private static void mergeSkippedLayers(List<Set<Integer>> cut, Dfg dfg, List<Integer> ends) {
        Set<Integer> sources = new HashSet<>();
        for (int[] e : dfg.edges) sources.add(e[0]);
        int i = 0;
        while (i < cut.size() - 1) {
            Set<Integer> here = cut.get(i);
            Set<Integer> next = cut.get(i + 1);
            boolean skips = false;
            for (int[] e : dfg.edges) skips |= here.contains(e[0]) && !here.contains(e[1]) && !next.contains(e[1]);
            for (int a : ends) skips |= here.contains(a) && !sources.contains(a);
            if (skips && cut.size() > 2) {
                here.addAll(next);
                cut.remove(i + 1);
                continue;
            }
            i++;
        }
    }

    /** pm4py's {@code detect_concurrent}: components of the "not both directions" graph, each with a start and an end. */
    static List<List<Integer>> parallelCut(Dfg dfg, Set<Integer> acts, List<Integer> starts, List<Integer> ends) {
        List<Integer> as = new ArrayList<>(acts);
        Map<Integer, Integer> parent = new HashMap<>();
        for (int a : as) parent.put(a, a);
        for (int a : as) {
            for (int b : as) {
                if (a != b && !(dfg.has(a, b) && dfg.has(b, a))) union(parent, a, b);
            }
        }
        List<List<Integer>> comps = groups(as, parent);
        if (comps.size() <= 1) return null;
        for (List<Integer> c : comps) {
            boolean s = false;
            boolean e = false;
            for (int a : starts) s |= c.contains(a);
            for (int a : ends) e |= c.contains(a);
            if (!(s && e)) return null;
        }
        return comps;
    }

    /** pm4py's {@code detect_loop}, including its list-mutation-while-iterating behaviour. */
    private static List<List<Integer>> loopCut(Dfg dfg, Set<Integer> acts, List<Integer> starts, List<Integer> ends) {
        List<Integer> p1 = new ArrayList<>();
        for (int a : starts) if (!p1.contains(a)) p1.add(a);
        for (int a : ends) if (!p1.contains(a)) p1.add(a);
        List<Integer> order = new ArrayList<>();
        for (int a : acts) if (!p1.contains(a)) order.add(a);
        Map<Integer, List<Integer>> out = new HashMap<>();
        for (int a : order) out.put(a, new ArrayList<>());
        for (int[] e : dfg.edges) {
            if (p1.contains(e[0]) || p1.contains(e[1])) continue;
            if (out.containsKey(e[0]) && order.contains(e[1])) out.get(e[0]).add(e[1]);
        }
        // p2..pn: forward closure from each unassigned activity over unassigned ones
        Set<Integer> unassigned = new LinkedHashSet<>(order);
        List<List<Integer>> p0 = new ArrayList<>();
        p0.add(p1);
        for (int a : order) {
            if (!unassigned.remove(a)) continue;
            List<Integer> grp = new ArrayList<>();
            grp.add(a);
            boolean added = true;
            while (added) {
                added = false;
                for (int b : grp) {
                    for (int c : out.get(b)) {
                        if (unassigned.remove(c)) {
                            grp.add(c);
                            added = true;
                            break;
                        }
                    }
                    if (added) break;
                }
            }
            p0.add(grp);
        }
        // stage 1: parts reaching an end-only activity or reached from a start-only activity join the do part
        for (List<Integer> el : new ArrayList<>(p0)) {
            if (el == p0.get(0) || !p0.contains(el)) continue;
            boolean removed = false;
            for (int act : el) {
                for (int e : ends) {
                    if (!starts.contains(e) && dfg.has(act, e)) {
                        mergeIntoDo(p0, el);
                        removed = true;
                        break;
                    }
                }
                if (removed) break;
                for (int s : starts) {
                    if (ends.contains(s)) break;
                    if (dfg.has(s, act)) {
                        mergeIntoDo(p0, el);
                        removed = true;
                        break;
                    }
                }
                if (removed) break;
            }
        }
        // stage 2 (iterates p0 while removing from it, so the part after a removed one is skipped, as in pm4py)
        for (int idx = 0; idx < p0.size(); idx++) {
            List<Integer> el = p0.get(idx);
            if (idx == 0) continue;
            for (int act : new ArrayList<>(el)) {
                for (int e : ends) {
                    if (dfg.has(e, act)) {
                        for (int e2 : ends) {
                            if (!dfg.has(e2, act)) {
                                mergeIntoDo(p0, el);
                                break;
                            }
                        }
                    }
                }
                for (int s : starts) {
                    if (dfg.has(act, s)) {
                        for (int s2 : starts) {
                            if (!dfg.has(act, s2)) {
                                mergeIntoDo(p0, el);
                                break;
                            }
                        }
                    }
                }
            }
        }
        p0.removeIf(List::isEmpty);
        return p0.size() > 1 ? p0 : null;
    }

    static void mergeIntoDo(List<List<Integer>> p0, List<Integer> el) {
        List<Integer> d = p0.get(0);
        for (int a : el) if (!d.contains(a)) d.add(a);
        for (int i = 1; i < p0.size(); i++) {
            if (p0.get(i) == el) {
                p0.remove(i);
                return;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // splits (each sub-log keeps one trace per variant)

    static List<List<int[]>> splitXor(List<List<Integer>> cut, List<int[]> log) {
        List<List<int[]>> out = new ArrayList<>();
        for (List<Integer> c : cut) {
            List<int[]> l = new ArrayList<>();
            for (int[] t : log) {
                boolean fits = true;
                for (int a : t) fits &= c.contains(a);
                if (fits) l.add(t);
            }
            out.add(dedup(l));
        }
        return out;
    }

    static List<List<int[]>> splitParallel(List<List<Integer>> cut, List<int[]> log) {
        List<List<int[]>> out = new ArrayList<>();
        for (List<Integer> c : cut) {
            List<int[]> l = new ArrayList<>();
            for (int[] t : log) l.add(Arrays.stream(t).filter(c::contains).toArray());
            out.add(dedup(l));
        }
        return out;
    }

    /** pm4py's split: per part, the first maximal run of the part's activities in each trace. */
    static List<List<int[]>> splitSequence(List<List<Integer>> cut, List<int[]> log) {
        List<List<int[]>> out = new ArrayList<>();
        for (List<Integer> c : cut) {
            List<int[]> l = new ArrayList<>();
            for (int[] t : log) {
                int j = 0;
                while (j < t.length && !c.contains(t[j])) j++;
                int k = j;
                while (k < t.length && c.contains(t[k])) k++;
                l.add(Arrays.copyOfRange(t, j, k));
            }
            out.add(dedup(l));
        }
        return out;
    }

    /** pm4py's split: per part, every maximal run of its activities is a trace; parts without any are dropped. */
    private static List<List<int[]>> splitLoop(List<List<Integer>> cut, List<int[]> log) {
        List<List<int[]>> out = new ArrayList<>();
        for (List<Integer> c : cut) {
            List<int[]> l = new ArrayList<>();
            for (int[] t : log) {
                int j = 0;
                while (j < t.length) {
                    if (c.contains(t[j])) {
                        int k = j;
                        while (k < t.length && c.contains(t[k])) k++;
                        l.add(Arrays.copyOfRange(t, j, k));
                        j = k;
                    } else {
                        j++;
                    }
                }
            }
            if (!l.isEmpty()) out.add(dedup(l));
        }
        return out;
    }
}
