package io.coalition.mining.inductive;

import io.coalition.mining.MiningException;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.tree.ProcessTree;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * pm4py 1.x's DFG-based Inductive Miner ("IMDF", {@code algo/discovery/inductive/versions/dfg}: {@code dfg_based.py},
 * {@code data_structures/subtree.py}'s {@code SubtreeDFGBased}, {@code util/get_tree_repr_dfg_based.py}), the
 * miner behind the IMDF columns of pm4py-core's {@code tests/pm_extr_test/report.txt}. Re-implemented from reading
 * those sources, not copied.
 *
 * <p>It never splits the log: every node sees only a projection of the log's DFG (edges between its activities),
 * the log's start/end activities restricted to it, and the edges that enter or leave it. Per node, in this order:
 * no edge left gives a base case (a choice over the activities, a flower when one of them has a self-loop in the
 * reference DFG); XOR = weakly connected components; sequence = the strongly connected components layered by the
 * longest path from a component without predecessors (always found when the DFG is not strongly connected);
 * parallel = components over the one-directional edges, merged while two are not fully bidirectionally connected,
 * each needing a start and an end activity; loop = start activities (plus everything that does not lead back to
 * exactly the start activities) as do, the rest as redo; else a flower. Sequences get skips (X( child, tau ))
 * after a part holding a log end activity, between a part and the farthest part its edges reach, and before the
 * part holding the last start activity. Kept quirks that decide models: a one-child XOR at the root level is
 * spliced into its parent by appending its child last (a single-activity flower *( X( a ), tau ) becomes
 * *( tau, a )), and the splice skips the parent's next child; a loop cut without redo part becomes a looped
 * sequence of do and exit parts, both skippable; parallel children take their own DFG as reference DFG.
 * Where pm4py iterates Python sets (component order), components are ordered by first activity; that order only
 * permutes children of commutative operators.
 */
final class DfgInductiveMiner {
    /** pm4py recurses without bound on a node that its loop fallback reproduces; Python stops near 1000 frames. */
    private static final int MAX_DEPTH = 1000;

    private record Edge(String a, String b, long count) {
    }

    private DfgInductiveMiner() {
    }

    /** IMDF's process tree of {@code log} (not folded: pm4py 1.x did not fold it). */
    static ProcessTree mine(IndexedLog log) {
        // pm4py's dfg_inst.apply, attribute values, start/end activities: dicts in order of first occurrence
        Map<List<String>, Long> dfg = new LinkedHashMap<>();
        Set<String> activities = new LinkedHashSet<>();
        Set<String> starts = new LinkedHashSet<>();
        Set<String> ends = new LinkedHashSet<>();
        boolean emptyTrace = false;
        for (int i = 0; i < log.traceCount(); i++) {
            int[] t = log.trace(i);
            if (t.length == 0) {
                emptyTrace = true;
                continue;
            }
            for (int j = 0; j < t.length; j++) {
                activities.add(log.activity(t[j]));
                if (j > 0) dfg.merge(List.of(log.activity(t[j - 1]), log.activity(t[j])), 1L, Long::sum);
            }
            starts.add(log.activity(t[0]));
            ends.add(log.activity(t[t.length - 1]));
        }
        List<Edge> edges = new ArrayList<>();
        dfg.forEach((k, v) -> edges.add(new Edge(k.get(0), k.get(1), v)));
        Node root = new Node(edges, edges, new ArrayList<>(activities), 0, new ArrayList<>(starts), new ArrayList<>(ends));
        MTree tree = repr(root, 0, emptyTrace);
        return tree.toTree();
    }

    // ---------------------------------------------------------------------------------------------------------
    // SubtreeDFGBased

    private static final class Node {
        final List<Edge> dfg;
        final List<Edge> initialDfg;
        final List<String> activities;
        final int depth;
        final List<String> initialStart;
        final List<String> initialEnd;
        final List<String> start;
        final List<String> end;
        final Map<String, Map<String, Long>> outgoing = new LinkedHashMap<>();
        final Map<String, Map<String, Long>> ingoing = new LinkedHashMap<>();
        String cut;
        final List<Node> children = new ArrayList<>();
        boolean mustInsertSkip;
        boolean needLoopOnSubtree;

        Node(List<Edge> dfg, List<Edge> initialDfg, List<String> activities, int depth, List<String> initialStart,
             List<String> initialEnd) {
            if (depth > MAX_DEPTH) {
                throw new MiningException("IMDF (pm4py 1.x) recursed more than " + MAX_DEPTH + " levels on activities "
                        + activities + ": its loop fallback reproduces the same node (pm4py fails with a RecursionError)");
            }
            this.dfg = dfg;
            this.initialDfg = initialDfg;
            this.activities = activities;
            this.depth = depth;
            for (Edge e : dfg) {
                outgoing.computeIfAbsent(e.a, k -> new LinkedHashMap<>()).put(e.b, e.count);
                ingoing.computeIfAbsent(e.b, k -> new LinkedHashMap<>()).put(e.a, e.count);
            }
            Set<String> acts = new HashSet<>(activities);
            this.initialStart = retain(initialStart, acts);
            this.initialEnd = retain(initialEnd, acts);
            if (depth > 0) {
                Set<String> s = new LinkedHashSet<>(initialStart);
                s.addAll(inferStart(dfg));
                s.addAll(startsFromOutside(initialDfg, activities));
                this.start = retain(s, acts);
                Set<String> e = new LinkedHashSet<>(initialEnd);
                e.addAll(inferEnd(dfg));
                e.addAll(endsToOutside(initialDfg, activities));
                this.end = retain(e, acts);
            } else {
                this.start = new ArrayList<>(this.initialStart);
                this.end = new ArrayList<>(this.initialEnd);
            }
            detectCut();
        }

        private boolean bidirectional(String a, String b) {
            Map<String, Long> out = outgoing.get(a);
            Map<String, Long> in = ingoing.get(a);
            return out != null && out.containsKey(b) && in != null && in.containsKey(b);
        }

        private Node child(List<String> acts, boolean ownReference) {
            List<Edge> sub = project(dfg, new HashSet<>(acts));
            return new Node(sub, ownReference ? sub : initialDfg, acts, depth + 1, initialStart, initialEnd);
        }

        private void detectCut() {
            if (dfg.isEmpty()) {
                cut = "base_xor";
                return;
            }
            List<Set<String>> components = components(dfg, activities);
            if (components.size() > 1) {
                cut = "xor";
                for (Set<String> c : components) children.add(child(new ArrayList<>(c), false));
                return;
            }
            List<Set<String>> layers = sequenceLayers();
            if (layers.size() > 1) {
                cut = "sequential";
                for (Set<String> l : layers) children.add(child(new ArrayList<>(l), false));
                putSkipsInSequence();
                return;
            }
            List<Set<String>> parallel = parallelCut();
            if (parallel != null) {
                cut = "parallel";
                for (Set<String> c : parallel) children.add(child(new ArrayList<>(c), true));
                return;
            }
            if (loopCut()) return;
            cut = "flower";
        }

        /** Strongly connected components layered by longest path from the sources of the condensation. */
        private List<Set<String>> sequenceLayers() {
            Map<String, Integer> scc = stronglyConnected();
            int n = 0;
            for (int c : scc.values()) n = Math.max(n, c + 1);
            if (n < 2) return List.of();
            List<Set<Integer>> preds = new ArrayList<>();
            for (int i = 0; i < n; i++) preds.add(new HashSet<>());
            for (Edge e : dfg) {
                int a = scc.get(e.a);
                int b = scc.get(e.b);
                if (a != b) preds.get(b).add(a);
            }
            int[] layer = new int[n];
            java.util.Arrays.fill(layer, -1);
            int done = 0;
            for (int k = 0; done < n; k++) {
                List<Integer> now = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (layer[i] >= 0) continue;
                    boolean ready = true;
                    for (int p : preds.get(i)) if (layer[p] < 0 || layer[p] == k) ready = false;
                    if (ready) now.add(i);
                }
                if (now.isEmpty()) throw new IllegalStateException("condensation of a DFG has a cycle");
                for (int i : now) layer[i] = k;
                done += now.size();
            }
            List<Set<String>> out = new ArrayList<>();
            for (String a : activities) {
                int l = layer[scc.get(a)];
                while (out.size() <= l) out.add(new LinkedHashSet<>());
                out.get(l).add(a);
            }
            return out;
        }

        /** Tarjan's algorithm; component ids are arbitrary (layering does not depend on them). */
        private Map<String, Integer> stronglyConnected() {
            Map<String, Integer> index = new HashMap<>();
            Map<String, Integer> low = new HashMap<>();
            Map<String, Integer> comp = new HashMap<>();
            java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>();
            Set<String> onStack = new HashSet<>();
            int[] counter = {0, 0};
            for (String v : activities) {
                if (!index.containsKey(v)) tarjan(v, index, low, comp, stack, onStack, counter);
            }
            return comp;
        }

        private void tarjan(String v, Map<String, Integer> index, Map<String, Integer> low, Map<String, Integer> comp,
                            java.util.ArrayDeque<String> stack, Set<String> onStack, int[] counter) {
            index.put(v, counter[0]);
            low.put(v, counter[0]++);
            stack.push(v);
            onStack.add(v);
            for (String w : outgoing.getOrDefault(v, Map.of()).keySet()) {
                if (!index.containsKey(w)) {
                    tarjan(w, index, low, comp, stack, onStack, counter);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    comp.put(w, counter[1]);
                } while (!w.equals(v));
                counter[1]++;
            }
        }

        private List<Set<String>> parallelCut() {
            List<Edge> negated = new ArrayList<>();
            for (Edge e : dfg) {
                Map<String, Long> back = outgoing.get(e.b);
                if (!(back != null && back.containsKey(e.a))) negated.add(e);
            }
            List<Set<String>> comps = components(negated, activities);
            if (comps.size() < 2) return null;
            // merge_connected_components: conn1 is read once per i, merged parts are not re-read (pm4py)
            int i = 0;
            while (i < comps.size()) {
                Set<String> conn1 = comps.get(i);
                int j = i + 1;
                while (j < comps.size()) {
                    if (noBidirectionalPair(conn1, comps.get(j))) {
                        Set<String> u = new LinkedHashSet<>(comps.get(i));
                        u.addAll(comps.get(j));
                        comps.set(i, u);
                        comps.remove(j);
                        continue;
                    }
                    j++;
                }
                i++;
            }
            comps.sort(java.util.Comparator.comparingInt(Set::size));
            boolean changed = true;
            while (changed) {
                changed = false;
                i = 0;
                while (i < comps.size()) {
                    Set<String> conn1 = comps.get(i);
                    int partly = -1;
                    boolean notOk = false;
                    for (int j = i + 1; j < comps.size(); j++) {
                        int good = 0;
                        int bad = 0;
                        for (String a : conn1) {
                            for (String b : comps.get(j)) {
                                if (bidirectional(a, b)) good++;
                                else bad++;
                            }
                        }
                        if (bad > 0 && good > 0 && partly < 0) partly = j;
                        else if (bad > 0 && good == 0) notOk = true;
                    }
                    if (partly >= 0) {
                        Set<String> u = new LinkedHashSet<>(comps.get(i));
                        u.addAll(comps.get(partly));
                        comps.set(i, u);
                        comps.remove(partly);
                        changed = true;
                        continue;
                    }
                    // pm4py returns False here and then fails iterating it; unreachable after the merge above
                    if (notOk) return null;
                    if (changed) break;
                    i++;
                }
            }
            if (comps.size() < 2) return null;
            Set<String> acts = new HashSet<>(activities);
            Set<String> sa = new HashSet<>(initialStart);
            sa.addAll(startsFromOutsideOnly(initialDfg, acts));
            sa.retainAll(acts);
            Set<String> ea = new HashSet<>(initialEnd);
            ea.addAll(endsToOutsideOnly(initialDfg, acts));
            ea.retainAll(acts);
            for (Set<String> c : comps) {
                if (java.util.Collections.disjoint(c, sa) || java.util.Collections.disjoint(c, ea)) return null;
            }
            return comps;
        }

        private boolean noBidirectionalPair(Set<String> c1, Set<String> c2) {
            for (String a : c1) for (String b : c2) if (bidirectional(a, b)) return false;
            return true;
        }

        private boolean loopCut() {
            Set<String> startSet = new LinkedHashSet<>(start);
            List<String> exitPart = new ArrayList<>();
            for (String e : end) if (!startSet.contains(e)) exitPart.add(e);
            boolean startAlsoEnd = false;
            for (String e : end) if (startSet.contains(e)) startAlsoEnd = true;
            List<String> doPart = new ArrayList<>(start);
            List<String> redoPart = new ArrayList<>();
            Set<String> exitSet = new HashSet<>(exitPart);
            for (String act : activities) {
                if (startSet.contains(act) || exitSet.contains(act)) continue;
                Set<String> outs = new HashSet<>(outgoing.getOrDefault(act, Map.of()).keySet());
                if (outs.equals(startSet)) redoPart.add(act);
                else doPart.add(act);
            }
            if (doPart.isEmpty() || (redoPart.isEmpty() && exitPart.isEmpty())) return false;
            if (!redoPart.isEmpty()) {
                cut = "loopCut";
                List<String> first = new ArrayList<>(doPart);
                first.addAll(exitPart);
                for (List<String> part : List.of(first, redoPart)) {
                    Node c = child(part, false);
                    if (startAlsoEnd) c.mustInsertSkip = true;
                    children.add(c);
                }
            } else {
                // no redo part: a looped sequence of the do and the exit part, both skippable
                cut = "sequential";
                needLoopOnSubtree = true;
                for (List<String> part : List.of(doPart, exitPart)) {
                    Node c = child(part, false);
                    children.add(c);
                    c.mustInsertSkip = true;
                }
            }
            return true;
        }

        private void putSkipsInSequence() {
            int n = children.size();
            Set<String> endActs = new HashSet<>(initialEnd);
            for (int i = 0; i < n - 1; i++) {
                if (!java.util.Collections.disjoint(children.get(i).activities, endActs)) {
                    for (int j = i + 1; j < n; j++) children.get(j).mustInsertSkip = true;
                }
            }
            // a part is skippable when some earlier part has an edge past it
            for (int i = 0; i < n - 1; i++) {
                Set<String> successors = new HashSet<>();
                for (String a : children.get(i).activities) {
                    successors.addAll(outgoing.getOrDefault(a, Map.of()).keySet());
                }
                int farthest = i;
                for (int j = i + 1; j < n; j++) {
                    for (String a : children.get(j).activities) if (successors.contains(a)) farthest = Math.max(farthest, j);
                }
                for (int j = i + 1; j < farthest; j++) children.get(j).mustInsertSkip = true;
            }
            // (pm4py's third rule subtracts the node's activities from a subset of them: it never applies)
            Set<String> remaining = new HashSet<>(start);
            for (Node c : children) {
                remaining.removeAll(c.activities);
                if (!remaining.isEmpty()) c.mustInsertSkip = true;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // dfg_utils

    private static List<String> retain(Collection<String> xs, Set<String> keep) {
        List<String> out = new ArrayList<>();
        for (String x : new LinkedHashSet<>(xs)) if (keep.contains(x)) out.add(x);
        return out;
    }

    private static List<Edge> project(List<Edge> dfg, Set<String> acts) {
        List<Edge> out = new ArrayList<>();
        for (Edge e : dfg) if (acts.contains(e.a) && acts.contains(e.b)) out.add(e);
        return out;
    }

    /** Activities with outgoing but no ingoing edges. */
    private static Set<String> inferStart(List<Edge> dfg) {
        Set<String> in = new HashSet<>();
        for (Edge e : dfg) in.add(e.b);
        Set<String> out = new LinkedHashSet<>();
        for (Edge e : dfg) if (!in.contains(e.a)) out.add(e.a);
        return out;
    }

    private static Set<String> inferEnd(List<Edge> dfg) {
        Set<String> out = new HashSet<>();
        for (Edge e : dfg) out.add(e.a);
        Set<String> ends = new LinkedHashSet<>();
        for (Edge e : dfg) if (!out.contains(e.b)) ends.add(e.b);
        return ends;
    }

    private static Set<String> startsFromOutside(List<Edge> initialDfg, List<String> activities) {
        return startsFromOutsideOnly(initialDfg, new HashSet<>(activities));
    }

    /** Activities entered by a reference-DFG edge from outside the node. */
    private static Set<String> startsFromOutsideOnly(List<Edge> initialDfg, Set<String> acts) {
        Set<String> out = new LinkedHashSet<>();
        for (Edge e : initialDfg) if (acts.contains(e.b) && !acts.contains(e.a)) out.add(e.b);
        return out;
    }

    private static Set<String> endsToOutside(List<Edge> initialDfg, List<String> activities) {
        return endsToOutsideOnly(initialDfg, new HashSet<>(activities));
    }

    private static Set<String> endsToOutsideOnly(List<Edge> initialDfg, Set<String> acts) {
        Set<String> out = new LinkedHashSet<>();
        for (Edge e : initialDfg) if (acts.contains(e.a) && !acts.contains(e.b)) out.add(e.a);
        return out;
    }

    /** Weakly connected components over {@code activities}, ordered by their first activity. */
    private static List<Set<String>> components(List<Edge> edges, List<String> activities) {
        Map<String, String> parent = new HashMap<>();
        for (String a : activities) parent.put(a, a);
        for (Edge e : edges) {
            String ra = find(parent, e.a);
            String rb = find(parent, e.b);
            if (!ra.equals(rb)) parent.put(ra, rb);
        }
        Map<String, Set<String>> byRoot = new LinkedHashMap<>();
        for (String a : activities) byRoot.computeIfAbsent(find(parent, a), k -> new LinkedHashSet<>()).add(a);
        return new ArrayList<>(byRoot.values());
    }

    private static String find(Map<String, String> parent, String a) {
        String r = a;
        while (!parent.get(r).equals(r)) r = parent.get(r);
        parent.put(a, r);
        return r;
    }

    // ---------------------------------------------------------------------------------------------------------
    // get_tree_repr_dfg_based

    /** A mutable tree, because pm4py's one-child-XOR fix edits its parent in place. */
    private static final class MTree {
        final ProcessTree.Operator op;
        final String label;
        final List<MTree> children = new ArrayList<>();
        MTree parent;

        MTree(ProcessTree.Operator op, String label) {
            this.op = op;
            this.label = label;
        }

        static MTree tau() {
            return new MTree(null, null);
        }

        void add(MTree c) {
            children.add(c);
            c.parent = this;
        }

        ProcessTree toTree() {
            if (op == null) return label == null ? ProcessTree.tau() : ProcessTree.activity(label);
            List<ProcessTree> cs = new ArrayList<>();
            for (MTree c : children) cs.add(c.toTree());
            return ProcessTree.of(op, cs);
        }
    }

    private static boolean selfLoopInReference(Node n) {
        Set<String> acts = new HashSet<>(n.activities);
        for (Edge e : n.initialDfg) if (e.a.equals(e.b) && acts.contains(e.a)) return true;
        return false;
    }

    private static MTree repr(Node n, int depth, boolean emptyTraces) {
        boolean needLoop = selfLoopInReference(n);
        if (emptyTraces && depth == 0) depth = 1;
        MTree fin;
        MTree holder = null;
        switch (n.cut) {
            case "flower" -> fin = flowerLoop();
            case "base_xor" -> {
                if (needLoop) {
                    fin = flowerLoop();
                } else if (n.activities.size() > 1 || n.mustInsertSkip) {
                    fin = new MTree(ProcessTree.Operator.XOR, null);
                } else {
                    fin = null;
                }
            }
            case "sequential" -> {
                if (n.needLoopOnSubtree) {
                    fin = new MTree(ProcessTree.Operator.LOOP, null);
                    holder = new MTree(ProcessTree.Operator.SEQUENCE, null);
                    fin.add(holder);
                    fin.add(MTree.tau());
                } else {
                    fin = new MTree(ProcessTree.Operator.SEQUENCE, null);
                }
            }
            case "loopCut" -> fin = new MTree(ProcessTree.Operator.LOOP, null);
            case "xor" -> fin = new MTree(ProcessTree.Operator.XOR, null);
            case "parallel" -> fin = new MTree(ProcessTree.Operator.PARALLEL, null);
            default -> throw new IllegalStateException("unknown cut " + n.cut);
        }
        if (holder == null && fin != null) {
            holder = fin.op == ProcessTree.Operator.LOOP && (n.cut.equals("flower") || n.cut.equals("base_xor"))
                    ? fin.children.get(0) : fin;
        }
        if (n.cut.equals("base_xor") || n.cut.equals("flower")) {
            for (String a : n.activities) {
                MTree leaf = new MTree(null, a);
                if (holder == null) {
                    holder = leaf;
                    fin = leaf;
                } else {
                    holder.add(leaf);
                }
            }
        } else {
            for (Node c : n.children) holder.add(repr(c, depth + 1, false));
        }
        if (n.cut.equals("loopCut")) {
            while (holder.children.size() < 2) holder.add(MTree.tau());
        }
        if (n.mustInsertSkip) {
            if (n.cut.equals("base_xor")) {
                holder.add(MTree.tau());
            } else {
                MTree master = new MTree(ProcessTree.Operator.XOR, null);
                master.add(fin);
                master.add(MTree.tau());
                if (depth == 0) fixOneChildXor(master);
                return master;
            }
        }
        if (emptyTraces && depth == 1) {
            MTree master = new MTree(ProcessTree.Operator.XOR, null);
            master.add(fin);
            master.add(MTree.tau());
            return master;
        }
        if (depth == 0) fixOneChildXor(fin);
        return fin;
    }

    private static MTree flowerLoop() {
        MTree loop = new MTree(ProcessTree.Operator.LOOP, null);
        loop.add(new MTree(ProcessTree.Operator.XOR, null));
        loop.add(MTree.tau());
        return loop;
    }

    /**
     * pm4py's {@code fix_one_child_xor_flower}: a one-child XOR is replaced by its child appended as the parent's
     * last child; the parent's loop over its children (a Python list iterator) then skips the next sibling.
     */
    private static void fixOneChildXor(MTree t) {
        if (t.parent != null && t.op == ProcessTree.Operator.XOR && t.children.size() == 1) {
            MTree c = t.children.get(0);
            MTree p = t.parent;
            c.parent = p;
            p.children.add(c);
            p.children.remove(t);
            return;
        }
        for (int i = 0; i < t.children.size(); i++) fixOneChildXor(t.children.get(i));
    }
}
