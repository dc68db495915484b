package io.coalition.mining.conformance;

import io.coalition.mining.MiningException;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Optimal alignments: A* over the synchronous product of the trace (a sequence, so its "net" is just a position)
 * and the model, with pm4py's standard cost function: synchronous move 0, log move and visible model move
 * {@value #MOVE_COST}, silent model move {@value #TAU_COST}. Trace fitness as pm4py computes it:
 * 1 - floor(cost / 10000) / floor(bwc / 10000), where bwc (best worst cost) = 10000 per event + the cost of the
 * cheapest model run; a trace fits when its fitness is 1. Log fitness as pm4py's {@code align_fitness}: 1 - (sum of
 * costs) / (sum of bwc) over all traces. Each variant is aligned once.
 *
 * <p>The heuristic is the number of remaining events whose activity no transition carries (each costs a log
 * move), times 10000: admissible and consistent, but weak; pm4py's state-equation (ILP) heuristic is not
 * implemented yet. States are {@code (int[] marking, trace position)}.
 */
public final class Alignments {
    public static final int MOVE_COST = 10_000;
    public static final int TAU_COST = 1;
    /** Searches stop with a {@link MiningException} after this many visited states (unbounded nets, huge traces). */
    public static final int MAX_VISITED = 5_000_000;

    /**
     * A move: {@code activity} is the event's activity ({@code null} = no log move, pm4py's {@code >>}),
     * {@code transition} the model transition's id ({@code null} = log move only) with its {@code label}
     * ({@code null} for a silent transition).
     */
    public record Move(String activity, String transition, String label) {
        public boolean isSync() {
            return activity != null && transition != null;
        }

        public boolean isLogMove() {
            return transition == null;
        }

        @Override
        public String toString() {
            return "(" + (activity == null ? ">>" : activity) + ", "
                    + (transition == null ? ">>" : label == null ? "tau" : label) + ")";
        }
    }

    /** One trace's optimal alignment with pm4py's figures. */
    public record TraceAlignment(List<Move> moves, int cost, double fitness, int bestWorstCost, int visited,
                                 int queued) {
    }

    public record VariantResult(List<String> activities, int count, TraceAlignment alignment) {
    }

    /**
     * pm4py's {@code align_fitness}: {@code logFitness} = 1 - sum(cost) / sum(bwc), {@code averageTraceFitness}
     * the mean trace fitness, {@code percentageFittingTraces} in 0..100.
     */
    public record Result(List<VariantResult> variants, double logFitness, double averageTraceFitness,
                         double percentageFittingTraces) {
    }

    private final CompiledNet net;
    private final int modelOnlyCost;

    Alignments(CompiledNet net) {
        this.net = net;
        TraceAlignment empty = search(new String[0]);
        this.modelOnlyCost = empty.cost();
    }

    public static Result align(IndexedLog log, AcceptingPetriNet model) {
        return align(log, new CompiledNet(model));
    }

    static Result align(IndexedLog log, CompiledNet net) {
        Alignments al = new Alignments(net);
        List<VariantResult> vs = new ArrayList<>();
        double sumFitness = 0;
        long sumCost = 0;
        long sumBwc = 0;
        long fitting = 0;
        long traces = 0;
        for (IndexedLog.Variant v : log.variants()) {
            String[] acts = new String[v.activities().length];
            for (int i = 0; i < acts.length; i++) acts[i] = log.activity(v.activities()[i]);
            TraceAlignment a = al.alignTrace(acts);
            vs.add(new VariantResult(List.of(acts), v.count(), a));
            int n = v.count();
            sumFitness += a.fitness() * n;
            sumCost += (long) a.cost() * n;
            sumBwc += (long) a.bestWorstCost() * n;
            if (a.fitness() == 1.0) fitting += n;
            traces += n;
        }
        return new Result(List.copyOf(vs), sumBwc == 0 ? 1.0 : 1.0 - (double) sumCost / sumBwc,
                traces == 0 ? 1.0 : sumFitness / traces, traces == 0 ? 100.0 : 100.0 * fitting / traces);
    }

    /** The optimal alignment of one activity sequence. */
    public static TraceAlignment alignTrace(AcceptingPetriNet model, List<String> activities) {
        return new Alignments(new CompiledNet(model)).alignTrace(activities.toArray(new String[0]));
    }

    TraceAlignment alignTrace(String[] trace) {
        TraceAlignment a = search(trace);
        int bwc = trace.length * MOVE_COST + modelOnlyCost;
        double fitness = bwc / MOVE_COST == 0 ? 1.0
                : 1.0 - (double) (a.cost() / MOVE_COST) / (double) (bwc / MOVE_COST);
        return new TraceAlignment(a.moves(), a.cost(), fitness, bwc, a.visited(), a.queued());
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

    private TraceAlignment search(String[] trace) {
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
            if (cur.pos == len && Arrays.equals(cur.marking, net.fin)) return result(cur, trace, visited, queued);
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
     * alignments of the prefix {@code trace} that stop as soon as the prefix is consumed (any model marking).
     * Never {@code null} here, since a log move is always possible.
     */
    List<int[]> stopMarkings(String[] trace) {
        int len = trace.length;
        int[] h = new int[len + 1];
        for (int i = len - 1; i >= 0; i--) h[i] = h[i + 1] + (net.byLabel.containsKey(trace[i]) ? 0 : MOVE_COST);
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
                relax(open, best, closed, new Node(m, cur.pos,
                        cur.g + (label == null ? TAU_COST : MOVE_COST), h[cur.pos], cur, t, false));
                if (label != null && label.equals(trace[cur.pos])) {
                    relax(open, best, closed, new Node(m, cur.pos + 1, cur.g, h[cur.pos + 1], cur, t, true));
                }
            }
            relax(open, best, closed,
                    new Node(cur.marking, cur.pos + 1, cur.g + MOVE_COST, h[cur.pos + 1], cur, -1, true));
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

    private TraceAlignment result(Node goal, String[] trace, int visited, int queued) {
        List<Move> moves = new ArrayList<>();
        for (Node n = goal; n.parent != null; n = n.parent) {
            String activity = n.consumesEvent ? trace[n.pos - 1] : null;
            String tid = n.move < 0 ? null : net.transitionIds[n.move];
            String label = n.move < 0 ? null : net.labels[n.move];
            moves.add(new Move(activity, tid, label));
        }
        Collections.reverse(moves);
        return new TraceAlignment(List.copyOf(moves), goal.g, 0, 0, visited, queued);
    }
}
