package io.coalition.mining.conformance;

import io.coalition.mining.MiningException;
import io.coalition.mining.log.IndexedLog;

import java.util.Arrays;

/**
 * The optimal prefix alignments of alignment-based ETConformance for every prefix of a log at once. pm4py aligns
 * each prefix separately ({@code precision_utils.__search}): a Dijkstra search over (model marking, position) that
 * stops when the prefix is consumed and returns the model markings of all optimal such alignments. That search
 * takes only synchronous moves (cost 0) and silent model moves (cost 1), never a log move or a visible model
 * move, so a prefix the model cannot replay has no stop marking and pm4py leaves it out (as unfit). Here one
 * Dijkstra search runs over (prefix-tree node, marking): the cost of reaching a state on the path of a prefix is
 * the same in both searches, since shortest paths to it only pass through the prefix's own ancestors; so a prefix's
 * stop markings are the markings reached at its node with the least cost there (any later model move costs more).
 * Each state is settled once, instead of once per prefix that passes through it.
 *
 * <p>A settled state is expanded only while it can still matter: some state node below it is not settled yet, or
 * one was settled at exactly this cost (then a zero-cost synchronous path may reach another optimal marking there).
 */
final class PrefixAlignments {
    private final CompiledNet net;
    private final PrefixTree tree;
    /** Per tree node: the net transitions carrying its activity, or none. */
    private final int[][] transitionsOf;
    private final MarkingTable markings;

    /** Per state node: the least cost, and its optimal stop markings (marking ids). */
    final int[] optimal;
    final int[][] stopMarkings;

    PrefixAlignments(CompiledNet net, PrefixTree tree, IndexedLog log) {
        this.net = net;
        this.tree = tree;
        this.markings = new MarkingTable(net.places);
        transitionsOf = new int[tree.size][];
        for (int n = 1; n < tree.size; n++) {
            int[] ts = net.byLabel.get(log.activity(tree.activity[n]));
            transitionsOf[n] = ts == null ? new int[0] : ts;
        }
        optimal = new int[tree.size];
        Arrays.fill(optimal, -1);
        stopMarkings = new int[tree.size][];
        search();
    }

    /** Marking {@code id}'s tokens. */
    int[] marking(int id) {
        return markings.get(id);
    }

    private void search() {
        int n = tree.size;
        // unsettled state nodes in each subtree (the node included), and the cost at which the last one settled
        int[] unsettledBelow = new int[n];
        int[] lastSettledBelow = new int[n];
        Arrays.fill(lastSettledBelow, -1);
        int unsettled = 0;
        for (int v = 1; v < n; v++) {
            if (!tree.isState(v)) continue;
            unsettled++;
            for (int a = v; a >= 0; a = tree.parent[a]) unsettledBelow[a]++;
        }
        int[][] found = new int[n][];
        int[] foundCount = new int[n];

        LongIntMap best = new LongIntMap(); // (node, marking) -> state id
        int[] stNode = new int[1024];
        int[] stMarking = new int[1024];
        int[] stCost = new int[1024];
        boolean[] settled = new boolean[1024];
        int states = 0;
        LongHeap open = new LongHeap();

        int[] m = new int[net.places];
        int[] next = new int[net.places];
        int start = markings.intern(net.initial);
        stNode[0] = 0;
        stMarking[0] = start;
        stCost[0] = 0;
        states = 1;
        best.put(key(0, start), 0);
        open.add(0L);
        int maxSettledCost = -1;
        while (!open.isEmpty()) {
            long top = open.poll();
            int s = (int) top;
            int g = (int) (top >>> 32);
            if (settled[s] || g != stCost[s]) continue;
            if (unsettled == 0 && g > maxSettledCost) break;
            settled[s] = true;
            int node = stNode[s];
            if (tree.isState(node)) {
                if (optimal[node] < 0) {
                    optimal[node] = g;
                    unsettled--;
                    maxSettledCost = g;
                    for (int a = node; a >= 0; a = tree.parent[a]) unsettledBelow[a]--;
                    for (int a = tree.parent[node]; a >= 0; a = tree.parent[a]) lastSettledBelow[a] = g;
                }
                if (optimal[node] == g) {
                    if (found[node] == null) found[node] = new int[4];
                    if (foundCount[node] == found[node].length) found[node] = Arrays.copyOf(found[node], foundCount[node] * 2);
                    found[node][foundCount[node]++] = stMarking[s];
                }
            }
            if (unsettledBelow[node] == 0 && lastSettledBelow[node] != g) continue;
            if (states > Alignments.MAX_VISITED) {
                throw new MiningException("prefix alignments exceeded " + Alignments.MAX_VISITED + " states");
            }
            int[] kids = tree.children[node];
            if (kids.length == 0) continue;
            markings.get(stMarking[s], m);
            // silent model moves (stay at the node) and synchronous moves (to the child with the transition's
            // label); pm4py's __search allows no other moves, so a prefix the model cannot replay has no stop marking
            for (int t = 0; t < net.transitions; t++) {
                if (!net.enabled(t, m)) continue;
                System.arraycopy(m, 0, next, 0, m.length);
                net.fire(t, next);
                int nm = markings.intern(next);
                int cost = Alignments.TAU_COST;
                for (int pass = 0; pass < 2; pass++) {
                    int target = -1;
                    int c = g + cost;
                    if (pass == 0) {
                        if (net.labels[t] != null) continue;
                        target = node;
                    } else {
                        for (int k : kids) if (contains(transitionsOf[k], t)) target = k;
                        if (target < 0) break;
                        c = g;
                    }
                    long k = key(target, nm);
                    int id = best.get(k, -1);
                    if (id >= 0 && (settled[id] || stCost[id] <= c)) continue;
                    if (id < 0) {
                        if (states == stNode.length) {
                            int cap = states * 2;
                            stNode = Arrays.copyOf(stNode, cap);
                            stMarking = Arrays.copyOf(stMarking, cap);
                            stCost = Arrays.copyOf(stCost, cap);
                            settled = Arrays.copyOf(settled, cap);
                        }
                        id = states++;
                        stNode[id] = target;
                        stMarking[id] = nm;
                        best.put(k, id);
                    }
                    stCost[id] = c;
                    open.add(((long) c << 32) | id);
                }
            }
        }
        for (int v = 0; v < n; v++) {
            if (found[v] != null) stopMarkings[v] = Arrays.copyOf(found[v], foundCount[v]);
        }
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }

    private static long key(int node, int marking) {
        return ((long) node << 32) | (marking & 0xffffffffL);
    }
}
