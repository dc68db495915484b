package io.coalition.mining.conformance;

import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.petri.AcceptingPetriNet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ETConformance precision (Munoz-Gama and Carmona) as pm4py computes it. Every proper prefix of every trace is a
 * state of the prefix automaton; the model's activated labels in that state are the visible transitions enabled,
 * directly or after silent ones, in the marking the prefix leads to; escaping edges are the activated labels no
 * trace continues the prefix with. Precision = 1 - sum(escaping) / sum(activated), both weighted by how many
 * traces share the prefix, plus pm4py's "empty prefix" term (labels enabled initially vs. start activities,
 * weighted by the number of traces). 1.0 when nothing is activated.
 */
public final class Precision {
    private static final int ENABLED_SEARCH_LIMIT = 10_000;

    private Precision() {
    }

    /** The prefix automaton: each prefix with its following activities and the number of traces having it. */
    private record Prefixes(Map<List<String>, Set<String>> next, Map<List<String>, Integer> count,
                            Set<String> startActivities, long traces) {
        static Prefixes of(IndexedLog log) {
            Map<List<String>, Set<String>> next = new LinkedHashMap<>();
            Map<List<String>, Integer> count = new HashMap<>();
            Set<String> starts = new HashSet<>();
            long traces = 0;
            for (IndexedLog.Variant v : log.variants()) {
                int[] a = v.activities();
                traces += v.count();
                if (a.length > 0) starts.add(log.activity(a[0]));
                List<String> prefix = new ArrayList<>();
                for (int i = 1; i < a.length; i++) {
                    prefix.add(log.activity(a[i - 1]));
                    List<String> key = List.copyOf(prefix);
                    next.computeIfAbsent(key, k -> new HashSet<>()).add(log.activity(a[i]));
                    count.merge(key, v.count(), Integer::sum);
                }
            }
            return new Prefixes(next, count, starts, traces);
        }
    }

    /** pm4py's {@code precision_evaluator} with the ETCONFORMANCE_TOKEN variant. */
    public static double tokenBased(IndexedLog log, AcceptingPetriNet model) {
        return tokenBased(log, new CompiledNet(model));
    }

    static double tokenBased(IndexedLog log, CompiledNet net) {
        return tokenBased(log, net, true);
    }

    /**
     * {@code withEmptyPrefix = false} leaves out the empty-prefix term, as pm4py did before it added it (the
     * version that wrote {@code pm_extr_report.txt}).
     */
    static double tokenBased(IndexedLog log, CompiledNet net, boolean withEmptyPrefix) {
        Prefixes px = Prefixes.of(log);
        long[] sums = withEmptyPrefix ? initialTerm(px, net) : new long[2];
        for (Map.Entry<List<String>, Set<String>> e : px.next().entrySet()) {
            TokenReplay.TraceResult r = TokenReplay.replayPrefix(net, e.getKey());
            if (!r.fit()) continue;
            addState(net, labels(net, r.enabledAtEnd()), e.getValue(), px.count().get(e.getKey()), sums);
        }
        return sums[0] > 0 ? 1.0 - (double) sums[1] / sums[0] : 1.0;
    }

    /** pm4py's {@code precision_evaluator} with the ALIGN_ETCONFORMANCE variant. */
    public static double alignmentBased(IndexedLog log, AcceptingPetriNet model) {
        return alignmentBased(log, new CompiledNet(model));
    }

    static double alignmentBased(IndexedLog log, CompiledNet net) {
        Prefixes px = Prefixes.of(log);
        long[] sums = initialTerm(px, net);
        Alignments al = new Alignments(net);
        for (Map.Entry<List<String>, Set<String>> e : px.next().entrySet()) {
            Set<String> activated = new HashSet<>();
            for (int[] m : al.stopMarkings(e.getKey().toArray(new String[0]))) {
                activated.addAll(labels(net, net.visibleEventuallyEnabled(m, ENABLED_SEARCH_LIMIT)));
            }
            addState(net, activated, e.getValue(), px.count().get(e.getKey()), sums);
        }
        return sums[0] > 0 ? 1.0 - (double) sums[1] / sums[0] : 1.0;
    }

    /** pm4py's fix "also the empty prefix should be counted". Returns {activated, escaping}. */
    private static long[] initialTerm(Prefixes px, CompiledNet net) {
        Set<String> initial = labels(net, net.visibleEventuallyEnabled(net.initial, ENABLED_SEARCH_LIMIT));
        Set<String> escaping = new HashSet<>(initial);
        escaping.removeAll(px.startActivities());
        return new long[] {px.traces() * initial.size(), px.traces() * escaping.size()};
    }

    private static void addState(CompiledNet net, Set<String> activated, Set<String> observed, int count,
                                 long[] sums) {
        Set<String> escaping = new HashSet<>(activated);
        escaping.removeAll(observed);
        sums[0] += (long) activated.size() * count;
        sums[1] += (long) escaping.size() * count;
    }

    private static Set<String> labels(CompiledNet net, boolean[] transitions) {
        Set<String> r = new HashSet<>();
        for (int t = 0; t < transitions.length; t++) if (transitions[t] && net.labels[t] != null) r.add(net.labels[t]);
        return r;
    }
}
