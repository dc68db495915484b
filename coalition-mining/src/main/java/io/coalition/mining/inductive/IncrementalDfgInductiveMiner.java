package io.coalition.mining.inductive;

import io.coalition.mining.tree.ProcessTree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * pm4py 1.x's DFG-based Inductive Miner (IMd, {@link InductiveMiner.Variant#PM4PY_IMDF}) fed one case at a time.
 * IMd reads only the DFG (edge counts), the activities and the start and end activities, each in order of first
 * occurrence in the log (pm4py's dicts), and whether there is an empty trace: this keeps exactly those, with the
 * position (case, event) of each first occurrence, so memory is bounded by the activities and edges, whatever the
 * number of cases. {@link #tree(double)} equals {@code InductiveMiner.mine(log, noise, Variant.PM4PY_IMDF)} on a log
 * of the cases added, ordered by position, in any adding order. Not thread-safe.
 */
public final class IncrementalDfgInductiveMiner {
    private record Pair(String a, String b) {
    }

    /** A count and where it first occurred: case position, then event index. */
    private static final class Seen {
        long count;
        long position;
        int index;

        Seen(long position, int index) {
            this.position = position;
            this.index = index;
        }

        void see(long p, int i) {
            count++;
            if (p < position || (p == position && i < index)) {
                position = p;
                index = i;
            }
        }

        static int order(Seen x, Seen y) {
            int c = Long.compare(x.position, y.position);
            return c != 0 ? c : Integer.compare(x.index, y.index);
        }
    }

    private final Map<String, Seen> activities = new HashMap<>();
    private final Map<Pair, Seen> edges = new HashMap<>();
    private final Map<String, Seen> starts = new HashMap<>();
    private final Map<String, Seen> ends = new HashMap<>();
    private boolean emptyTrace;
    private long cases;

    /** Adds the case at {@code position} (its place in the log the result must equal the batch on). */
    public IncrementalDfgInductiveMiner add(long position, List<String> trace) {
        cases++;
        int n = trace.size();
        if (n == 0) {
            emptyTrace = true;
            return this;
        }
        for (int j = 0; j < n; j++) {
            activities.computeIfAbsent(trace.get(j), k -> new Seen(position, Integer.MAX_VALUE)).see(position, j);
            if (j > 0) {
                edges.computeIfAbsent(new Pair(trace.get(j - 1), trace.get(j)), k -> new Seen(position, Integer.MAX_VALUE))
                        .see(position, j);
            }
        }
        starts.computeIfAbsent(trace.get(0), k -> new Seen(position, Integer.MAX_VALUE)).see(position, 0);
        ends.computeIfAbsent(trace.get(n - 1), k -> new Seen(position, Integer.MAX_VALUE)).see(position, 0);
        return this;
    }

    /** Adds a case after all those added so far. */
    public IncrementalDfgInductiveMiner add(List<String> trace) {
        return add(cases, trace);
    }

    public long caseCount() {
        return cases;
    }

    /** The distinct directly-follows edges kept (with the activities, all this holds). */
    public int edgeCount() {
        return edges.size();
    }

    /** IMd's tree of the cases added so far, with pm4py 1.x's {@code noiseThreshold} ({@code >= 0}). */
    public ProcessTree tree(double noise) {
        InductiveMiner.requireNoise(noise);
        List<DfgInductiveMiner.Edge> es = new ArrayList<>();
        edges.entrySet().stream().sorted((x, y) -> Seen.order(x.getValue(), y.getValue()))
                .forEach(e -> es.add(new DfgInductiveMiner.Edge(e.getKey().a(), e.getKey().b(), e.getValue().count)));
        return DfgInductiveMiner.mineTraced(es, ordered(activities), ordered(starts), ordered(ends), emptyTrace, noise)
                .tree();
    }

    private static List<String> ordered(Map<String, Seen> m) {
        return m.entrySet().stream().sorted((x, y) -> Seen.order(x.getValue(), y.getValue())).map(Map.Entry::getKey).toList();
    }
}
