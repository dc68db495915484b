package io.coalition.mining.heuristics;

import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Heuristics Miner (Weijters, van der Aalst, Alves de Medeiros 2006; loops and AND measure as in
 * Weijters and Ribeiro's Flexible Heuristics Miner, 2011), in pm4py's or CONFINE's reading
 * ({@link HeuristicsParameters.Semantics}).
 *
 * <p>Steps: dependency of every observed pair; keep the edges meeting the thresholds (the activities in them
 * are the nodes; when no edge is kept every activity is a node without edges, as pm4py does); AND measures of
 * each node's output and input pairs; then, when enabled, length-two loops between a node and another activity
 * whose edges were not kept. No "all tasks connected" step is applied (neither pm4py nor CONFINE do).
 */
public final class HeuristicsMiner {
    private HeuristicsMiner() {
    }

    /** Mines a heuristics net from {@code log}. */
    public static HeuristicsNet mine(IndexedLog log, HeuristicsParameters params) {
        Counts c = new Counts();
        c.preset(log.activities());
        for (IndexedLog.Variant v : log.variants()) c.addTrace(v.activities(), v.count());
        return mine(c, params);
    }

    /** Mines a heuristics net and converts it to a Petri net. */
    public static AcceptingPetriNet minePetriNet(IndexedLog log, HeuristicsParameters params) {
        return toPetriNet(mine(log, params));
    }

    /** The Petri net of {@code net}, built the way its parameters' {@link HeuristicsParameters.Semantics} says. */
    public static AcceptingPetriNet toPetriNet(HeuristicsNet net) {
        return switch (net.parameters().semantics()) {
            case PM4PY -> Pm4pyConversion.convert(net);
            case CONFINE -> ConfineConversion.convert(net);
        };
    }

    /** Core step on counts whose ids are in ascending name order. */
    static HeuristicsNet mine(Counts c, HeuristicsParameters p) {
        boolean f32 = p.semantics() == HeuristicsParameters.Semantics.CONFINE;
        int n = c.n;
        long[] dfg = cleanedDfg(c, p.dfgNoiseThreshold());
        double[] dep = new double[n * n];
        boolean[] observed = new boolean[n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                long ab = dfg[a * n + b];
                if (ab == 0) continue;
                observed[a * n + b] = true;
                if (a == b) {
                    dep[a * n + b] = f32 ? (double) ((float) ab / (float) (ab + 1)) : ab / (double) (ab + 1);
                } else {
                    long ba = dfg[b * n + a];
                    dep[a * n + b] = f32 ? (double) ((float) (ab - ba) / (float) (ab + ba + 1))
                            : (ab - ba) / (double) (ab + ba + 1);
                }
            }
        }
        double depThreshold = f32 ? (double) (float) p.dependencyThreshold() : p.dependencyThreshold();
        boolean[] kept = new boolean[n * n];
        Set<Integer> nodeIds = new java.util.TreeSet<>();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                int e = a * n + b;
                if (!observed[e]) continue;
                if (a == b && !p.lengthOneLoops()) continue;
                if (c.act[a] >= p.minActivityCount() && c.act[b] >= p.minActivityCount()
                        && dfg[a * n + b] >= p.minDfgOccurrences() && dep[e] >= depThreshold) {
                    kept[e] = true;
                    nodeIds.add(a);
                    nodeIds.add(b);
                }
            }
        }
        // AND measures among the kept edges, before length-two loops are added (pm4py's order)
        Map<Integer, List<HeuristicsNet.AndPair>> andOut = new LinkedHashMap<>();
        Map<Integer, List<HeuristicsNet.AndPair>> andIn = new LinkedHashMap<>();
        for (int x : nodeIds) {
            List<Integer> outs = new ArrayList<>();
            List<Integer> ins = new ArrayList<>();
            for (int y = 0; y < n; y++) {
                if (kept[x * n + y]) outs.add(y);
                if (kept[y * n + x]) ins.add(y);
            }
            andOut.put(x, andPairs(c, dfg, p, x, outs, true, f32));
            andIn.put(x, andPairs(c, dfg, p, x, ins, false, f32));
        }
        List<HeuristicsNet.Edge> edges = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (kept[a * n + b]) {
                    edges.add(new HeuristicsNet.Edge(c.names.get(a), c.names.get(b), dep[a * n + b], dfg[a * n + b], false));
                }
            }
        }
        if (p.lengthTwoLoops()) {
            Set<Integer> l1 = new java.util.HashSet<>();
            for (int a = 0; a < n; a++) if (kept[a * n + a]) l1.add(a);
            Set<Long> added = new LinkedHashSet<>();
            for (int a : new ArrayList<>(nodeIds)) {
                for (int b = 0; b < n; b++) {
                    if (a == b || c.aba(a, b) == 0) continue;
                    long v = c.aba(a, b) + c.aba(b, a);
                    double l2 = f32 ? (double) ((float) v / (float) (v + 1)) : v / (double) (v + 1);
                    if (l2 < p.loopLengthTwoThreshold()) continue;
                    if (f32 && (l1.contains(a) || l1.contains(b))) continue; // Weijters: not for length-one loops
                    if (dfg[a * n + b] < p.minDfgOccurrences() || c.act[a] < p.minActivityCount() || c.act[b] < p.minActivityCount()) {
                        continue;
                    }
                    boolean depAb = observed[a * n + b] && dep[a * n + b] >= depThreshold;
                    boolean depBa = observed[b * n + a] && dep[b * n + a] >= depThreshold;
                    if (depAb || depBa) continue;
                    nodeIds.add(b);
                    andOut.putIfAbsent(b, List.of());
                    andIn.putIfAbsent(b, List.of());
                    if (added.add((long) a * n + b) && !kept[a * n + b]) {
                        edges.add(new HeuristicsNet.Edge(c.names.get(a), c.names.get(b), 0, dfg[a * n + b], true));
                    }
                    if (added.add((long) b * n + a) && !kept[b * n + a]) {
                        edges.add(new HeuristicsNet.Edge(c.names.get(b), c.names.get(a), 0, dfg[b * n + a], true));
                    }
                }
            }
        }
        if (nodeIds.isEmpty()) {
            for (int a = 0; a < n; a++) {
                nodeIds.add(a);
                andOut.put(a, List.of());
                andIn.put(a, List.of());
            }
        }
        List<HeuristicsNet.Node> nodes = new ArrayList<>();
        for (int x : nodeIds) {
            nodes.add(new HeuristicsNet.Node(c.names.get(x), c.act[x], andIn.get(x), andOut.get(x)));
        }
        Map<String, Long> starts = new TreeMap<>();
        Map<String, Long> ends = new TreeMap<>();
        for (int a = 0; a < n; a++) {
            if (c.start[a] > 0) starts.put(c.names.get(a), c.start[a]);
            if (c.end[a] > 0) ends.put(c.names.get(a), c.end[a]);
        }
        return new HeuristicsNet(nodes, edges, starts, ends, p);
    }

    /** pm4py's clean_dfg_based_on_noise_thresh (current version: min of the two ends' maxima). */
    private static long[] cleanedDfg(Counts c, double t) {
        int n = c.n;
        long[] d = new long[n * n];
        for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) d[a * n + b] = c.dfg(a, b);
        if (t <= 0) return d;
        long[] max = new long[n];
        java.util.Arrays.fill(max, -1);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                long v = d[a * n + b];
                if (v == 0) continue;
                max[a] = Math.max(max[a], v);
                max[b] = Math.max(max[b], v);
            }
        }
        long[] r = d.clone();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                long v = d[a * n + b];
                if (v > 0 && v < Math.min(max[a] * t, max[b] * t)) r[a * n + b] = 0;
            }
        }
        return r;
    }

    private static List<HeuristicsNet.AndPair> andPairs(Counts c, long[] dfg, HeuristicsParameters p, int x, List<Integer> others,
                                                        boolean out, boolean f32) {
        List<HeuristicsNet.AndPair> r = new ArrayList<>();
        for (int i = 0; i < others.size(); i++) {
            for (int j = i + 1; j < others.size(); j++) {
                int b = others.get(i);
                int d = others.get(j);
                int n = c.n;
                long num = dfg[b * n + d] + dfg[d * n + b];
                long den = (out ? dfg[x * n + b] + dfg[x * n + d] : dfg[b * n + x] + dfg[d * n + x]) + 1;
                boolean and;
                double value;
                if (f32) {
                    float v = (float) num / (float) den;
                    value = v;
                    and = !(v <= (float) p.andThreshold());
                } else {
                    value = num / (double) den;
                    and = value >= p.andThreshold();
                }
                if (and) r.add(new HeuristicsNet.AndPair(c.names.get(b), c.names.get(d), value));
            }
        }
        return r;
    }
}
