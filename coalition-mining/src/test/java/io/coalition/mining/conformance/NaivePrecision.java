package io.coalition.mining.conformance;

import io.coalition.mining.log.IndexedLog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The first, straightforward ETConformance: every prefix replayed or aligned from scratch, activated labels
 * recomputed per prefix. Kept as the reference the prefix-tree implementation in {@link Precision} is compared with.
 */
final class NaivePrecision {
    private static final int ENABLED_SEARCH_LIMIT = 10_000;

    private NaivePrecision() {
    }

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

    static double tokenBased(IndexedLog log, CompiledNet net) {
        Prefixes px = Prefixes.of(log);
        long[] sums = initialTerm(px, net);
        for (Map.Entry<List<String>, Set<String>> e : px.next().entrySet()) {
            TokenReplay.TraceResult r = TokenReplay.replayPrefix(net, e.getKey());
            if (!r.fit()) continue;
            addState(labels(net, r.enabledAtEnd()), e.getValue(), px.count().get(e.getKey()), sums);
        }
        return sums[0] > 0 ? 1.0 - (double) sums[1] / sums[0] : 1.0;
    }

    static double alignmentBased(IndexedLog log, CompiledNet net) {
        Prefixes px = Prefixes.of(log);
        long[] sums = initialTerm(px, net);
        NaiveAlignments al = new NaiveAlignments(net);
        for (Map.Entry<List<String>, Set<String>> e : px.next().entrySet()) {
            Set<String> activated = new HashSet<>();
            for (int[] m : al.stopMarkings(e.getKey().toArray(new String[0]))) {
                activated.addAll(labels(net, net.visibleEventuallyEnabled(m, ENABLED_SEARCH_LIMIT)));
            }
            addState(activated, e.getValue(), px.count().get(e.getKey()), sums);
        }
        return sums[0] > 0 ? 1.0 - (double) sums[1] / sums[0] : 1.0;
    }

    private static long[] initialTerm(Prefixes px, CompiledNet net) {
        Set<String> initial = labels(net, net.visibleEventuallyEnabled(net.initial, ENABLED_SEARCH_LIMIT));
        Set<String> escaping = new HashSet<>(initial);
        escaping.removeAll(px.startActivities());
        return new long[] {px.traces() * initial.size(), px.traces() * escaping.size()};
    }

    private static void addState(Set<String> activated, Set<String> observed, int count, long[] sums) {
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
