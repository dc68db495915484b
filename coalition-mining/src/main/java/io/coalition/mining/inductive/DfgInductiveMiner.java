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
 * pm4py 1.x's DFG-based Inductive Miner ("IMDF", {@code algo/discovery/inductive/versions/dfg}) as it stood when
 * pm4py-core's {@code tests/pm_extr_test/report.txt} was written (commit 6d606a58), the miner behind that report's
 * IMDF columns. Re-implemented from reading the stored sources, not copied: {@code subtree.py}'s class as later kept
 * in {@code subtree_old.py} ({@code SubtreeDFGBasedOld}) and {@code subtree_imdfb.py}, without the "same connection
 * row" merge of the sequence cut that only the later of those has; the tree representation without
 * {@code fix_one_child_xor_flower}. The newest 1.x {@code subtree.py} (longest-path layering of the components, a
 * looped sequence when a loop has no redo part) gives other models on 7 of the report's 8 logs.
 *
 * <p>It never splits the log: every node sees only a projection of the log's DFG (edges between its activities),
 * the log's start/end activities, and a reference DFG (the parent's, or for parallel parts their own projection)
 * whose edges enter or leave it. Per node, in this order: no edge left gives a base case (a choice over the
 * activities, a flower when one of them has a self-loop in the reference DFG); XOR = weakly connected components;
 * sequence = networkx's strongly connected components sorted by swapping (see {@link Node#sortedSequenceParts});
 * parallel = components over the one-directional edges, merged while two are not fully bidirectionally connected,
 * each touching an edge of the reference DFG that crosses the node's border; loop = starts and everything not
 * leading back to exactly the starts as do, the rest (or, if empty, the exit activities) as redo; else a flower.
 * Sequences get skips (X( child, tau )) after a part holding a log end activity, between a part and the farthest
 * part its edges reach, and before the last part holding an activity entered from outside. Where pm4py iterates
 * Python sets (activity order inside a part, the order of networkx's components), ours follows first occurrence;
 * for unrelated components that order survives the sort and so decides the order of sequence parts (see the
 * README, a32f0n00).
 *
 * <p>Noise ({@code noiseThreshold > 0}) works as that version's code does, which differs from what it intends: a
 * node without a cut gets a second iteration - its activities become the sorted activities of its DFG
 * ({@code get_activities_from_dfg}), its DFG is cleaned ({@link #cleanDfg}) and the cuts are searched again,
 * building the children - and then {@code detected_cut = "flower"} is set unconditionally, so the cut found on the
 * cleaned DFG is discarded and the node stays a flower, now over the sorted activities. Noise therefore changes a
 * model only in the order of a flower's choices (the same language); {@link #mineTraced} reports what each pass
 * dropped and found. The later 1.x {@code subtree.py} that keeps the second iteration's cut has other cut rules
 * (see the README).
 */
final class DfgInductiveMiner {
    /** pm4py recurses without bound on a node that its loop fallback reproduces; Python stops near 1000 frames. */
    private static final int MAX_DEPTH = 1000;

    /** A DFG edge with its count. */
    record Edge(String a, String b, long count) {
        @Override
        public String toString() {
            return a + "->" + b + " (" + count + ")";
        }
    }

    /**
     * One noise pass (a node pm4py found no cut for): the node's depth and activities, the edges the cleaning
     * dropped, and the cut pm4py then found on the cleaned DFG with its parts ({@code "flower"} and no parts when
     * there was none) - which it discards, leaving the node a flower. The discarded parts are built all the same and
     * run passes of their own: those come first and have {@code inDiscardedPart} set.
     */
    record NoisePass(int depth, List<String> activities, List<String> droppedEdges, String cutOnCleaned,
                     List<List<String>> partsOnCleaned, boolean inDiscardedPart) {
    }

    /** The tree and, in the order pm4py runs them, its noise passes. */
    record Traced(ProcessTree tree, List<NoisePass> noisePasses) {
    }

    /** Shared by the nodes of one run: the threshold, the passes so far, how deep inside discarded parts we are. */
    private static final class Context {
        final double noise;
        final List<NoisePass> passes = new ArrayList<>();
        int discarded;

        Context(double noise) {
            this.noise = noise;
        }
    }

    private DfgInductiveMiner() {
    }

    /** IMDF's process tree of {@code log} without noise (not folded: pm4py 1.x did not fold it). */
    static ProcessTree mine(IndexedLog log) {
        return mineTraced(log, 0).tree();
    }

    /** IMDF's process tree of {@code log} with pm4py 1.x's {@code noiseThreshold} ({@code >= 0}). */
    static ProcessTree mine(IndexedLog log, double noise) {
        return mineTraced(log, noise).tree();
    }

    /** As {@link #mine(IndexedLog, double)}, with the noise passes that ran. */
    static Traced mineTraced(IndexedLog log, double noise) {
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
        return mineTraced(edges, new ArrayList<>(activities), new ArrayList<>(starts), new ArrayList<>(ends), emptyTrace,
                noise);
    }

    /**
     * IMDF on a DFG given directly (what {@link IncrementalDfgInductiveMiner} keeps): edges, activities, start and
     * end activities each in order of first occurrence in the log, and whether the log has an empty trace.
     */
    static Traced mineTraced(List<Edge> edges, List<String> activities, List<String> starts, List<String> ends,
                             boolean emptyTrace, double noise) {
        Context ctx = new Context(noise);
        Node root = new Node(ctx, edges, edges, new ArrayList<>(activities), 0, new ArrayList<>(starts),
                new ArrayList<>(ends));
        MTree tree = repr(root, 0, emptyTrace);
        return new Traced(tree.toTree(), List.copyOf(ctx.passes));
    }

    // ---------------------------------------------------------------------------------------------------------
    // SubtreeDFGBased

    private static final class Node {
        final Context ctx;
        List<Edge> dfg;
        final List<Edge> initialDfg;
        List<String> activities;
        final int depth;
        final List<String> initialStart;
        final List<String> initialEnd;
        final Map<String, Map<String, Long>> outgoing = new LinkedHashMap<>();
        final Map<String, Map<String, Long>> ingoing = new LinkedHashMap<>();
        String cut;
        final List<Node> children = new ArrayList<>();
        boolean mustInsertSkip;

        Node(Context ctx, List<Edge> dfg, List<Edge> initialDfg, List<String> activities, int depth,
             List<String> initialStart, List<String> initialEnd) {
            if (depth > MAX_DEPTH) {
                throw new MiningException("IMDF (pm4py 1.x) recursed more than " + MAX_DEPTH + " levels on activities "
                        + activities + ": its loop fallback reproduces the same node (pm4py fails with a RecursionError)");
            }
            this.ctx = ctx;
            this.dfg = dfg;
            this.initialDfg = initialDfg;
            this.activities = activities;
            this.depth = depth;
            index();
            Set<String> acts = new HashSet<>(activities);
            this.initialStart = retain(initialStart, acts);
            this.initialEnd = retain(initialEnd, acts);
            detectCut();
        }

        private void index() {
            outgoing.clear();
            ingoing.clear();
            for (Edge e : dfg) {
                outgoing.computeIfAbsent(e.a, k -> new LinkedHashMap<>()).put(e.b, e.count);
                ingoing.computeIfAbsent(e.b, k -> new LinkedHashMap<>()).put(e.a, e.count);
            }
        }

        private boolean bidirectional(String a, String b) {
            Map<String, Long> out = outgoing.get(a);
            Map<String, Long> in = ingoing.get(a);
            return out != null && out.containsKey(b) && in != null && in.containsKey(b);
        }

        private Node child(List<String> acts, boolean ownReference) {
            List<Edge> sub = project(dfg, new HashSet<>(acts));
            return new Node(ctx, sub, ownReference ? sub : initialDfg, acts, depth + 1, initialStart, initialEnd);
        }

        private void detectCut() {
            if (dfg.isEmpty()) {
                cut = "base_xor";
                return;
            }
            if (findCut()) return;
            if (ctx.noise > 0) secondIteration();
            cut = "flower";
        }

        /**
         * pm4py's {@code initialize_tree(..., second_iteration=True)}: activities from the DFG (sorted), the DFG
         * cleaned, the cuts searched again (children built as pm4py builds them). The caller then sets the flower
         * whatever was found, as that version does.
         */
        private void secondIteration() {
            activities = activitiesOf(dfg);
            List<Edge> cleaned = cleanDfg(dfg, activities, ctx.noise);
            Set<Edge> kept = new HashSet<>(cleaned);
            List<String> dropped = new ArrayList<>();
            for (Edge e : dfg) if (!kept.contains(e)) dropped.add(e.toString());
            dfg = cleaned;
            index();
            children.clear();
            cut = null;
            ctx.discarded++;
            boolean found = !dfg.isEmpty() && findCut();
            ctx.discarded--;
            List<List<String>> parts = new ArrayList<>();
            for (Node c : children) parts.add(List.copyOf(c.activities));
            ctx.passes.add(new NoisePass(depth, List.copyOf(activities), List.copyOf(dropped),
                    found ? cut : "flower", List.copyOf(parts), ctx.discarded > 0));
            children.clear();
        }

        /** XOR, sequence, parallel, loop in pm4py's order; false when none applies. */
        private boolean findCut() {
            List<Set<String>> components = components(dfg, activities);
            if (components.size() > 1) {
                cut = "xor";
                for (Set<String> c : components) children.add(child(new ArrayList<>(c), false));
                return true;
            }
            List<Set<String>> layers = sortedSequenceParts();
            if (layers.size() > 1) {
                cut = "sequential";
                for (Set<String> l : layers) children.add(child(new ArrayList<>(l), false));
                putSkipsInSequence();
                return true;
            }
            List<Set<String>> parallel = parallelCut();
            if (parallel != null) {
                cut = "parallel";
                for (Set<String> c : parallel) children.add(child(new ArrayList<>(c), true));
                return true;
            }
            return loopCut();
        }

        /**
         * The sequence cut of the version that wrote the report: networkx's strongly connected components (in the
         * order its iterative Tarjan variant yields them) are ordered by swapping a component with the first later
         * one that precedes it, pass after pass until no swap is left; a component connected to no later one then
         * absorbs all later ones, every other component is a part of its own. So of two components with the same
         * predecessors, the one sorted later is a later part (reviewing: reject+start before accept+start), where
         * a layering by longest path puts both in one part.
         */
        private List<Set<String>> sortedSequenceParts() {
            List<List<String>> sccs = networkxSccs();
            int n = sccs.size();
            if (n < 2) return List.of();
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < n; i++) for (String a : sccs.get(i)) index.put(a, i);
            // m[b][a] = 1: a precedes b; m[a][b] = -1: b follows a
            int[][] m = new int[n][n];
            for (Edge e : dfg) {
                int a = index.get(e.a);
                int b = index.get(e.b);
                if (a != b) {
                    m[b][a] = 1;
                    if (m[a][b] == 0) m[a][b] = -1;
                }
            }
            int[] order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        if (m[order[i]][order[j]] > 0) {
                            int t = order[i];
                            order[i] = order[j];
                            order[j] = t;
                            changed = true;
                            break;
                        }
                    }
                }
            }
            List<Set<String>> parts = new ArrayList<>();
            Set<Integer> merged = new HashSet<>();
            for (int i = 0; i < n; i++) {
                if (merged.contains(i)) continue;
                int ci = order[i];
                Set<String> part = new LinkedHashSet<>(sccs.get(ci));
                boolean unconnected = true;
                for (int j = i + 1; j < n; j++) if (m[ci][order[j]] != 0) unconnected = false;
                if (unconnected) {
                    for (int j = i + 1; j < n; j++) {
                        part.addAll(sccs.get(order[j]));
                        merged.add(j);
                    }
                }
                parts.add(part);
            }
            return parts;
        }

        /** networkx 2.x's {@code strongly_connected_components}: nodes in activity order, successors in edge order. */
        private List<List<String>> networkxSccs() {
            List<Map.Entry<String, String>> edges = new ArrayList<>();
            for (Edge e : dfg) edges.add(Map.entry(e.a, e.b));
            List<List<String>> out = new ArrayList<>();
            for (Set<String> scc : NetworkxScc.components(NetworkxScc.graph(activities, edges))) {
                // a Python set: keep activity order inside the component
                List<String> ordered = new ArrayList<>();
                for (String a : activities) if (scc.contains(a)) ordered.add(a);
                out.add(ordered);
            }
            return out;
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
            {
                // each part touches an edge of the reference DFG that crosses the node's border (at the root: or
                // holds a log start activity)
                for (Set<String> c : comps) {
                    boolean ok = false;
                    for (Edge e : initialDfg) {
                        if ((c.contains(e.a) && !acts.contains(e.b)) || (c.contains(e.b) && !acts.contains(e.a))) {
                            ok = true;
                            break;
                        }
                    }
                    if (depth == 0 && !java.util.Collections.disjoint(c, initialStart)) ok = true;
                    if (!ok) return null;
                }
            }
            return comps;
        }

        private boolean noBidirectionalPair(Set<String> c1, Set<String> c2) {
            for (String a : c1) for (String b : c2) if (bidirectional(a, b)) return false;
            return true;
        }

        /**
         * The loop cut of the version that wrote the report: starts = the log's at the root, else the activities
         * entered from outside or without predecessor; ends likewise, without the starts (if none is left: the
         * activities leaving the node); do = starts and every activity not leading back to exactly the starts,
         * redo = those that do; without a redo part the exit part becomes the redo part. When no activity is
         * entered from outside or lacks a predecessor, both parts are skippable.
         */
        private boolean loopCut() {
            Set<String> acts = new HashSet<>(activities);
            Set<String> s = new LinkedHashSet<>(depth == 0 ? initialStart : List.of());
            if (s.isEmpty()) {
                s.addAll(startsFromOutsideOnly(initialDfg, acts));
                s.addAll(inferStart(dfg));
            }
            Set<String> e = new LinkedHashSet<>(depth == 0 ? initialEnd : List.of());
            e.removeAll(s);
            if (e.isEmpty()) {
                e.addAll(endsToOutsideOnly(initialDfg, acts));
                e.addAll(inferEnd(dfg));
                e.removeAll(s);
                if (e.isEmpty()) e.addAll(endsToOutsideOnly(initialDfg, acts));
            }
            e.removeAll(s);
            List<String> doPart = new ArrayList<>(s);
            List<String> redoPart = new ArrayList<>();
            List<String> exitPart = new ArrayList<>(e);
            for (String act : activities) {
                if (s.contains(act) || e.contains(act)) continue;
                Set<String> outs = new HashSet<>(outgoing.getOrDefault(act, Map.of()).keySet());
                if (outs.equals(s)) redoPart.add(act);
                else doPart.add(act);
            }
            if (doPart.isEmpty() || (redoPart.isEmpty() && exitPart.isEmpty())) return false;
            cut = "loopCut";
            List<String> first = new ArrayList<>(doPart);
            List<String> second = new ArrayList<>(redoPart);
            if (redoPart.isEmpty()) second.addAll(exitPart);
            else first.addAll(exitPart);
            for (List<String> part : List.of(first, second)) children.add(child(part, false));
            Set<String> allStarts = new HashSet<>(startsFromOutsideOnly(initialDfg, acts));
            allStarts.addAll(inferStart(dfg));
            if (allStarts.isEmpty()) for (Node c : children) c.mustInsertSkip = true;
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
            Set<String> remaining = new HashSet<>(startsFromOutsideOnly(initialDfg, new HashSet<>(activities)));
            remaining.removeAll(inferStart(dfg));
            for (Node c : children) {
                remaining.removeAll(c.activities);
                if (!remaining.isEmpty()) c.mustInsertSkip = true;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // dfg_utils

    /**
     * pm4py 1.x's {@code clean_dfg_based_on_noise_thresh} ({@code algo/filtering/dfg/dfg_filtering.py}): an edge
     * a->b is dropped when its count is below max(maxCount(a) x noise, maxCount(b) x noise), maxCount(x) being the
     * largest count of an edge into or out of x (-1 when x has none); an edge exactly at that value is kept. (Later
     * pm4py releases compare with min; the 1.x code this port follows used max.)
     */
    static List<Edge> cleanDfg(List<Edge> dfg, List<String> activities, double noise) {
        Map<String, Long> maxCount = new HashMap<>();
        for (String a : activities) maxCount.put(a, -1L);
        for (Edge e : dfg) {
            maxCount.merge(e.a, e.count, Math::max);
            maxCount.merge(e.b, e.count, Math::max);
        }
        List<Edge> out = new ArrayList<>();
        for (Edge e : dfg) {
            if (!(e.count < Math.max(maxCount.get(e.a) * noise, maxCount.get(e.b) * noise))) out.add(e);
        }
        return out;
    }

    /** pm4py's {@code get_activities_from_dfg}: the activities on the DFG's edges, sorted. */
    private static List<String> activitiesOf(List<Edge> dfg) {
        java.util.TreeSet<String> acts = new java.util.TreeSet<>();
        for (Edge e : dfg) {
            acts.add(e.a);
            acts.add(e.b);
        }
        return new ArrayList<>(acts);
    }

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

    /** A tree under construction: pm4py adds a node's children after creating it. */
    private static final class MTree {
        final ProcessTree.Operator op;
        final String label;
        final List<MTree> children = new ArrayList<>();

        MTree(ProcessTree.Operator op, String label) {
            this.op = op;
            this.label = label;
        }

        static MTree tau() {
            return new MTree(null, null);
        }

        void add(MTree c) {
            children.add(c);
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
            case "sequential" -> fin = new MTree(ProcessTree.Operator.SEQUENCE, null);
            case "loopCut" -> fin = new MTree(ProcessTree.Operator.LOOP, null);
            case "xor" -> fin = new MTree(ProcessTree.Operator.XOR, null);
            case "parallel" -> fin = new MTree(ProcessTree.Operator.PARALLEL, null);
            default -> throw new IllegalStateException("unknown cut " + n.cut);
        }
        if (fin != null) {
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
                return master;
            }
        }
        if (emptyTraces && depth == 1) {
            MTree master = new MTree(ProcessTree.Operator.XOR, null);
            master.add(fin);
            master.add(MTree.tau());
            return master;
        }
        return fin;
    }

    private static MTree flowerLoop() {
        MTree loop = new MTree(ProcessTree.Operator.LOOP, null);
        loop.add(new MTree(ProcessTree.Operator.XOR, null));
        loop.add(MTree.tau());
        return loop;
    }
}
