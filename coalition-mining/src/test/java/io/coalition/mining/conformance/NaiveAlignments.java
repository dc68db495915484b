package io.coalition.mining.conformance;

import io.coalition.mining.MiningException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import static io.coalition.mining.conformance.Alignments.MAX_VISITED;
import static io.coalition.mining.conformance.Alignments.MOVE_COST;
import static io.coalition.mining.conformance.Alignments.TAU_COST;

/**
 * The first, straightforward implementation of alignments and prefix alignments (A* whose only heuristic counts
 * events no transition carries, one search per trace or prefix), kept as the reference the fast searches are
 * compared with.
 */
final class NaiveAlignments {
    private final CompiledNet net;

    NaiveAlignments(CompiledNet net) {
        this.net = net;
    }

    /** A search node; {@code move} is the transition (or -1 for a log move), {@code sync} whether it consumed an event too. */
    private static final class Node {
        final int[] marking;
        final int pos;
        final int g;
        final int f;
        final Node parent;
        final int move;
        final boolean consumesEvent;
        final int hash;

        Node(int[] marking, int pos, int g, int h, Node parent, int move, boolean consumesEvent) {
            this.marking = marking;
            this.pos = pos;
            this.g = g;
            this.f = g + h;
            this.parent = parent;
            this.move = move;
            this.consumesEvent = consumesEvent;
            this.hash = 31 * Arrays.hashCode(marking) + pos;
        }
    }

    /** Hash key of a state (marking, position). */
    private record Key(Node n) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.n.hash == n.hash && k.n.pos == n.pos && Arrays.equals(k.n.marking, n.marking);
        }

        @Override
        public int hashCode() {
            return n.hash;
        }
    }

    /** The optimal cost of aligning {@code trace}. */
    int cost(String[] trace) {
        int len = trace.length;
        int[] h = new int[len + 1];
        for (int i = len - 1; i >= 0; i--) h[i] = h[i + 1] + (net.byLabel.containsKey(trace[i]) ? 0 : MOVE_COST);
        // f ascending, then further in the trace (fewer events left), then lower g: deterministic ties
        PriorityQueue<Node> open = new PriorityQueue<>((a, b) -> {
            if (a.f != b.f) return Integer.compare(a.f, b.f);
            if (a.pos != b.pos) return Integer.compare(b.pos, a.pos);
            return Integer.compare(a.g, b.g);
        });
        Map<Key, Integer> best = new HashMap<>();
        Node start = new Node(net.initial.clone(), 0, 0, h[0], null, -1, false);
        open.add(start);
        best.put(new Key(start), 0);
        int visited = 0;
        int queued = 1;
        java.util.HashSet<Key> closed = new java.util.HashSet<>();
        while (!open.isEmpty()) {
            Node cur = open.poll();
            Key ck = new Key(cur);
            if (!closed.add(ck)) continue;
            visited++;
            if (visited > MAX_VISITED) {
                throw new MiningException("alignment search exceeded " + MAX_VISITED + " states (trace of "
                        + len + " events); is the net bounded?");
            }
            if (cur.pos == len && Arrays.equals(cur.marking, net.fin)) return cur.g;
            for (int t = 0; t < net.transitions; t++) {
                if (!net.enabled(t, cur.marking)) continue;
                int[] m = cur.marking.clone();
                net.fire(t, m);
                String label = net.labels[t];
                queued += relax(open, best, closed, new Node(m, cur.pos,
                        cur.g + (label == null ? TAU_COST : MOVE_COST), h[cur.pos], cur, t, false));
                if (cur.pos < len && label != null && label.equals(trace[cur.pos])) {
                    queued += relax(open, best, closed, new Node(m, cur.pos + 1, cur.g, h[cur.pos + 1], cur, t, true));
                }
            }
            if (cur.pos < len) {
                queued += relax(open, best, closed,
                        new Node(cur.marking, cur.pos + 1, cur.g + MOVE_COST, h[cur.pos + 1], cur, -1, true));
            }
        }
        throw new MiningException("the final marking of net " + net.model.net().name()
                + " is not reachable: no alignment exists");
    }

    /**
     * pm4py's {@code precision_utils.__search} for alignment-based precision: the model markings of all optimal
     * alignments of the prefix {@code trace} that stop as soon as the prefix is consumed (any model marking),
     * with synchronous and silent model moves only (pm4py's search skips log and visible model moves); empty
     * when the model cannot replay the prefix.
     */
    List<int[]> stopMarkings(String[] trace) {
        int len = trace.length;
        int[] h = new int[len + 1];
        PriorityQueue<Node> open = new PriorityQueue<>((a, b) -> Integer.compare(a.f, b.f));
        Map<Key, Integer> best = new HashMap<>();
        java.util.HashSet<Key> closed = new java.util.HashSet<>();
        Node start = new Node(net.initial.clone(), 0, 0, h[0], null, -1, false);
        open.add(start);
        best.put(new Key(start), 0);
        List<int[]> result = new ArrayList<>();
        int optimal = -1;
        while (!open.isEmpty()) {
            Node cur = open.poll();
            if (optimal >= 0 && cur.f > optimal) break;
            if (!closed.add(new Key(cur))) continue;
            if (closed.size() > MAX_VISITED) {
                throw new MiningException("prefix alignment exceeded " + MAX_VISITED + " states");
            }
            if (cur.pos == len) {
                result.add(cur.marking);
                optimal = cur.f;
                continue;
            }
            for (int t = 0; t < net.transitions; t++) {
                if (!net.enabled(t, cur.marking)) continue;
                int[] m = cur.marking.clone();
                net.fire(t, m);
                String label = net.labels[t];
                if (label == null) relax(open, best, closed, new Node(m, cur.pos, cur.g + TAU_COST, h[cur.pos], cur, t, false));
                if (label != null && label.equals(trace[cur.pos])) {
                    relax(open, best, closed, new Node(m, cur.pos + 1, cur.g, h[cur.pos + 1], cur, t, true));
                }
            }
        }
        return result;
    }

    private static int relax(PriorityQueue<Node> open, Map<Key, Integer> best, java.util.Set<Key> closed, Node n) {
        Key k = new Key(n);
        if (closed.contains(k)) return 0;
        Integer g = best.get(k);
        if (g != null && g <= n.g) return 0;
        best.put(k, n.g);
        open.add(n);
        return 1;
    }

}
