package io.coalition.mining.conformance;

import io.coalition.mining.MiningException;
import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Optimal alignments: A* over the synchronous product of the trace (a sequence, so its "net" is just a position)
 * and the model, with pm4py's standard cost function: synchronous move 0, log move and visible model move
 * {@value #MOVE_COST}, silent model move {@value #TAU_COST}. Trace fitness as pm4py computes it:
 * 1 - floor(cost / 10000) / floor(bwc / 10000), where bwc (best worst cost) = 10000 per event + the cost of the
 * cheapest model run; a trace fits when its fitness is 1. Log fitness as pm4py's {@code align_fitness}: 1 - (sum of
 * costs) / (sum of bwc) over all traces. Each variant is aligned once.
 *
 * <p>The search is pm4py's {@code state_equation_a_star}: the heuristic is the LP relaxation of the marking
 * equation ({@link MarkingEquation}, rounded up since costs are integers), solved for the start state and for
 * states whose heuristic could not be derived; a successor inherits its parent's LP solution minus the move when
 * that stays a solution (then its heuristic is exact without solving), else it gets the admissible bound parent
 * heuristic - move cost and is marked untrusted, and its LP is solved when it reaches the top of the queue. As in
 * pm4py, a log move never directly follows a model move (they commute, so optimality is kept) and states from
 * which the marking equation has no solution are dropped. Among states of equal {@code f}, trusted ones come
 * first, then smaller {@code h}, then the older state: results are deterministic. States (marking id, position)
 * live in primitive arrays; markings are interned in a {@link MarkingTable}. Variants are aligned in parallel
 * on the given executor, each result in its variant's slot, so the output does not depend on scheduling.
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
        TraceAlignment empty = new Search(net, new String[0]).run();
        this.modelOnlyCost = empty.cost();
    }

    /** Aligns every variant, in parallel on the common fork-join pool. */
    public static Result align(IndexedLog log, AcceptingPetriNet model) {
        return align(log, model, ForkJoinPool.commonPool());
    }

    /** Aligns every variant, in parallel on {@code executor}; the result does not depend on the executor. */
    public static Result align(IndexedLog log, AcceptingPetriNet model, Executor executor) {
        return align(log, new CompiledNet(model), executor);
    }

    static Result align(IndexedLog log, CompiledNet net) {
        return align(log, net, ForkJoinPool.commonPool());
    }

    static Result align(IndexedLog log, CompiledNet net, Executor executor) {
        Alignments al = new Alignments(net);
        List<IndexedLog.Variant> variants = log.variants();
        TraceAlignment[] aligned = new TraceAlignment[variants.size()];
        String[][] traces = new String[variants.size()][];
        for (int v = 0; v < traces.length; v++) {
            int[] ids = variants.get(v).activities();
            traces[v] = new String[ids.length];
            for (int i = 0; i < ids.length; i++) traces[v][i] = log.activity(ids[i]);
        }
        // workers take the next variant until none is left; the calling thread is one of them (the common pool
        // has only cores - 1 threads, a single one on 2 cores)
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int v; (v = next.getAndIncrement()) < traces.length; ) aligned[v] = al.alignTrace(traces[v]);
        };
        int helpers = Math.max(0, Math.min(traces.length, Runtime.getRuntime().availableProcessors()) - 1);
        CompletableFuture<?>[] running = new CompletableFuture<?>[helpers];
        for (int w = 0; w < helpers; w++) running[w] = CompletableFuture.runAsync(worker, executor);
        try {
            worker.run();
            CompletableFuture.allOf(running).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
        List<VariantResult> vs = new ArrayList<>();
        double sumFitness = 0;
        long sumCost = 0;
        long sumBwc = 0;
        long fitting = 0;
        long traceCount = 0;
        for (int v = 0; v < traces.length; v++) {
            TraceAlignment a = aligned[v];
            int n = variants.get(v).count();
            vs.add(new VariantResult(List.of(traces[v]), n, a));
            sumFitness += a.fitness() * n;
            sumCost += (long) a.cost() * n;
            sumBwc += (long) a.bestWorstCost() * n;
            if (a.fitness() == 1.0) fitting += n;
            traceCount += n;
        }
        return new Result(List.copyOf(vs), sumBwc == 0 ? 1.0 : 1.0 - (double) sumCost / sumBwc,
                traceCount == 0 ? 1.0 : sumFitness / traceCount,
                traceCount == 0 ? 100.0 : 100.0 * fitting / traceCount);
    }

    /** The optimal alignment of one activity sequence. */
    public static TraceAlignment alignTrace(AcceptingPetriNet model, List<String> activities) {
        return new Alignments(new CompiledNet(model)).alignTrace(activities.toArray(new String[0]));
    }

    /** Thread-safe: each call searches with its own state. */
    TraceAlignment alignTrace(String[] trace) {
        TraceAlignment a = new Search(net, trace).run();
        int bwc = trace.length * MOVE_COST + modelOnlyCost;
        double fitness = bwc / MOVE_COST == 0 ? 1.0
                : 1.0 - (double) (a.cost() / MOVE_COST) / (double) (bwc / MOVE_COST);
        return new TraceAlignment(a.moves(), a.cost(), fitness, bwc, a.visited(), a.queued());
    }

    /** One A* search over (marking, position) for one trace. */
    private static final class Search {
        private static final int DEAD = Integer.MAX_VALUE / 4;
        private static final int TRUSTED = 1;
        private static final int CLOSED = 2;
        private static final int CONSUMES = 4;

        private final CompiledNet net;
        private final String[] trace;
        private final int len;
        private final int labels;
        /** Per position: remaining events per model label, and 10000 x remaining events of no model label. */
        private final int[][] remaining;
        private final int[] outsideCost;
        /** Per position: the model label of the event there, or -1. */
        private final int[] eventLabel;
        private final MarkingEquation lp;
        private final MarkingTable markings;
        private final LongIntMap index = new LongIntMap();

        private int size;
        private int[] marking = new int[256];
        private int[] pos = new int[256];
        private int[] g = new int[256];
        private int[] h = new int[256];
        private int[] parent = new int[256];
        private int[] move = new int[256];
        private byte[] flags = new byte[256];
        private double[][] solution = new double[256][];
        /** A transition whose firing is still to be subtracted from {@code solution}, or -1. */
        private int[] delta = new int[256];

        private long[] heapKey = new long[256];
        private int[] heapId = new int[256];
        private int heapSize;

        Search(CompiledNet net, String[] trace) {
            this.net = net;
            this.trace = trace;
            this.len = trace.length;
            this.labels = net.labelNames.length;
            remaining = new int[len + 1][labels];
            outsideCost = new int[len + 1];
            eventLabel = new int[len];
            for (int i = len - 1; i >= 0; i--) {
                Integer a = net.labelIds.get(trace[i]);
                eventLabel[i] = a == null ? -1 : a;
                remaining[i] = remaining[i + 1].clone();
                outsideCost[i] = outsideCost[i + 1];
                if (a == null) outsideCost[i] += MOVE_COST;
                else remaining[i][a]++;
            }
            lp = new MarkingEquation(net);
            markings = new MarkingTable(net.places);
        }

        TraceAlignment run() {
            int[] m = net.initial.clone();
            int start = newState(markings.intern(m), 0, 0, -1, -1, false);
            if (!solve(start, m)) throw unreachable();
            push(start);
            int visited = 0;
            int queued = 1;
            int[] next = new int[net.places];
            double[] labelSum = new double[labels];
            while (heapSize > 0) {
                long key = heapKey[0];
                int s = pop();
                if ((flags[s] & CLOSED) != 0 || key != keyOf(s)) continue;
                markings.get(marking[s], m);
                if ((flags[s] & TRUSTED) == 0) {
                    int before = h[s];
                    if (!solve(s, m)) {
                        flags[s] |= CLOSED;
                        continue;
                    }
                    if (h[s] > before) {
                        push(s);
                        continue;
                    }
                }
                flags[s] |= CLOSED;
                visited++;
                if (visited > MAX_VISITED) {
                    throw new MiningException("alignment search exceeded " + MAX_VISITED + " states (trace of "
                            + len + " events); is the net bounded?");
                }
                int p = pos[s];
                if (p == len && Arrays.equals(m, net.fin)) return result(s, visited, queued);
                double[] z = solution[s];
                if (delta[s] >= 0) { // materialise the inherited solution only now that the state is expanded
                    z = minus(z, delta[s]);
                    solution[s] = z;
                    delta[s] = -1;
                }
                Arrays.fill(labelSum, 0);
                for (int t = 0; t < net.transitions; t++) if (net.labelOf[t] >= 0) labelSum[net.labelOf[t]] += z[t];
                for (int t = 0; t < net.transitions; t++) {
                    if (!net.enabled(t, m)) continue;
                    System.arraycopy(m, 0, next, 0, m.length);
                    net.fire(t, next);
                    int nm = markings.intern(next);
                    int label = net.labelOf[t];
                    boolean canUse = z[t] >= 1 - 1e-6;
                    // model move
                    boolean exact = canUse && (label < 0 || labelSum[label] >= remaining[p][label] + 1 - 1e-6);
                    queued += relax(s, nm, p, label < 0 ? TAU_COST : MOVE_COST, t, false, exact ? z : null, t);
                    // synchronous move
                    if (p < len && label >= 0 && label == eventLabel[p]) {
                        queued += relax(s, nm, p + 1, 0, t, true, canUse ? z : null, t);
                    }
                }
                // log move, not directly after a model move (pm4py: they commute, log moves go first)
                if (p < len && !(move[s] >= 0 && (flags[s] & CONSUMES) == 0)) {
                    int a = eventLabel[p];
                    boolean exact = a < 0 || labelSum[a] <= remaining[p][a] - 1 + 1e-6;
                    queued += relax(s, marking[s], p + 1, MOVE_COST, -1, true, exact ? z : null, -1);
                }
            }
            throw unreachable();
        }

        private MiningException unreachable() {
            return new MiningException("the final marking of net " + net.model.net().name()
                    + " is not reachable: no alignment exists");
        }

        private static double[] minus(double[] z, int t) {
            double[] r = z.clone();
            r[t] -= 1;
            return r;
        }

        /**
         * Reaches state (nm, p) from {@code from} by a move of {@code cost}; {@code z} minus one firing of
         * {@code minus} (if >= 0) is the successor's exact LP solution when derivable, else {@code z} is null (then
         * the heuristic is the parent's minus the cost, untrusted).
         */
        private int relax(int from, int nm, int p, int cost, int t, boolean consumes, double[] z, int minus) {
            long k = ((long) p << 32) | nm;
            int ng = g[from] + cost;
            int nh = Math.max(0, h[from] - cost);
            int s = index.get(k, -1);
            if (s >= 0) {
                if ((flags[s] & CLOSED) != 0 || g[s] <= ng) return 0;
                g[s] = ng;
                parent[s] = from;
                move[s] = t;
                flags[s] = (byte) ((flags[s] & TRUSTED) | (consumes ? CONSUMES : 0));
                if ((flags[s] & TRUSTED) == 0) {
                    if (z != null) {
                        h[s] = nh;
                        solution[s] = z;
                        delta[s] = minus;
                        flags[s] |= TRUSTED;
                    } else {
                        h[s] = Math.max(h[s], nh);
                    }
                }
            } else {
                s = newState(nm, p, ng, from, t, consumes);
                index.put(k, s);
                h[s] = nh;
                if (z != null) {
                    solution[s] = z;
                    delta[s] = minus;
                    flags[s] |= TRUSTED;
                }
            }
            push(s);
            return 1;
        }

        /** Solves the LP of state {@code s} (marking {@code m}); false when it has no solution. */
        private boolean solve(int s, int[] m) {
            double[] z = new double[net.transitions];
            double value = lp.solve(m, remaining[pos[s]], z);
            if (value == Double.POSITIVE_INFINITY) {
                h[s] = DEAD;
                return false;
            }
            h[s] = (int) Math.ceil(value - 1e-6) + outsideCost[pos[s]];
            solution[s] = z;
            delta[s] = -1;
            flags[s] |= TRUSTED;
            return true;
        }

        private int newState(int nm, int p, int ng, int from, int t, boolean consumes) {
            if (size == marking.length) {
                int cap = size * 2;
                marking = Arrays.copyOf(marking, cap);
                pos = Arrays.copyOf(pos, cap);
                g = Arrays.copyOf(g, cap);
                h = Arrays.copyOf(h, cap);
                parent = Arrays.copyOf(parent, cap);
                move = Arrays.copyOf(move, cap);
                flags = Arrays.copyOf(flags, cap);
                solution = Arrays.copyOf(solution, cap);
                delta = Arrays.copyOf(delta, cap);
            }
            int s = size++;
            marking[s] = nm;
            pos[s] = p;
            g[s] = ng;
            parent[s] = from;
            move[s] = t;
            flags[s] = (byte) (consumes ? CONSUMES : 0);
            delta[s] = -1;
            return s;
        }

        /** f, then trusted before untrusted, then smaller h; the heap breaks remaining ties by state id. */
        private long keyOf(int s) {
            long f = (long) g[s] + h[s];
            return (f << 32) | ((flags[s] & TRUSTED) == 0 ? 1L << 31 : 0) | h[s];
        }

        private void push(int s) {
            if (heapSize == heapKey.length) {
                heapKey = Arrays.copyOf(heapKey, heapSize * 2);
                heapId = Arrays.copyOf(heapId, heapSize * 2);
            }
            long key = keyOf(s);
            int i = heapSize++;
            while (i > 0) {
                int q = (i - 1) >>> 1;
                if (!less(key, s, heapKey[q], heapId[q])) break;
                heapKey[i] = heapKey[q];
                heapId[i] = heapId[q];
                i = q;
            }
            heapKey[i] = key;
            heapId[i] = s;
        }

        private int pop() {
            int top = heapId[0];
            long key = heapKey[--heapSize];
            int id = heapId[heapSize];
            int i = 0;
            int half = heapSize >>> 1;
            while (i < half) {
                int c = 2 * i + 1;
                if (c + 1 < heapSize && less(heapKey[c + 1], heapId[c + 1], heapKey[c], heapId[c])) c++;
                if (!less(heapKey[c], heapId[c], key, id)) break;
                heapKey[i] = heapKey[c];
                heapId[i] = heapId[c];
                i = c;
            }
            heapKey[i] = key;
            heapId[i] = id;
            return top;
        }

        private static boolean less(long k1, int id1, long k2, int id2) {
            return k1 < k2 || (k1 == k2 && id1 < id2);
        }

        private TraceAlignment result(int goal, int visited, int queued) {
            List<Move> moves = new ArrayList<>();
            for (int s = goal; parent[s] >= 0; s = parent[s]) {
                String activity = (flags[s] & CONSUMES) != 0 ? trace[pos[s] - 1] : null;
                String tid = move[s] < 0 ? null : net.transitionIds[move[s]];
                String label = move[s] < 0 ? null : net.labels[move[s]];
                moves.add(new Move(activity, tid, label));
            }
            Collections.reverse(moves);
            return new TraceAlignment(List.copyOf(moves), g[goal], 0, 0, visited, queued);
        }
    }
}
