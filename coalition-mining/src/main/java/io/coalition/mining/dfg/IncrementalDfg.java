package io.coalition.mining.dfg;

import io.coalition.mining.log.IndexedLog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The performance DFG fed one case at a time: {@link #add} updates activity, start, end and edge counts and
 * records each edge occurrence's duration; {@link #dfg()} equals {@link Dfg#of} on a log of exactly the cases
 * added, in any order (counts are sums; durations are kept per edge as a multiset and summed in ascending order,
 * as the batch sums its sorted array, so means and medians are bit-identical).
 *
 * <p>Memory: counts grow with the activities and edges; durations with the <em>distinct</em> durations per edge
 * (see {@code DurationHistogram}), not with the cases, as long as durations repeat; a log whose every duration
 * differs keeps about 16 bytes per edge occurrence. Nothing else of a case is kept.
 *
 * <p>Not thread-safe: one feeder at a time.
 */
public final class IncrementalDfg {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private long[] act = new long[8];
    private long[] start = new long[8];
    private long[] end = new long[8];
    /** Edges by (source id, target id) packed in a long; first-seen ids. */
    private final Map<Long, Edge> edges = new HashMap<>();
    private long cases;

    private static final class Edge {
        long count;
        final DurationHistogram durations = new DurationHistogram();
    }

    /**
     * Adds one case: its activities and epoch-millisecond times ({@link IndexedLog#NO_TIME} for none), in trace
     * order; {@code times} has one entry per activity. Neither array is kept.
     */
    public IncrementalDfg add(String[] activities, long[] times) {
        if (times.length != activities.length) {
            throw new IllegalArgumentException(activities.length + " activities but " + times.length + " times");
        }
        cases++;
        if (activities.length == 0) return this;
        int prev = -1;
        for (int j = 0; j < activities.length; j++) {
            int a = id(activities[j]);
            act[a]++;
            if (j == 0) {
                start[a]++;
            } else {
                Edge e = edges.computeIfAbsent(((long) prev << 32) | a, k -> new Edge());
                e.count++;
                if (times[j] != IndexedLog.NO_TIME && times[j - 1] != IndexedLog.NO_TIME) {
                    e.durations.add(times[j] - times[j - 1]);
                }
            }
            prev = a;
        }
        end[prev]++;
        return this;
    }

    private int id(String name) {
        Integer i = ids.get(name);
        if (i != null) return i;
        int n = names.size();
        ids.put(name, n);
        names.add(name);
        if (n == act.length) {
            act = Arrays.copyOf(act, n * 2);
            start = Arrays.copyOf(start, n * 2);
            end = Arrays.copyOf(end, n * 2);
        }
        return n;
    }

    /** The number of cases added. */
    public long caseCount() {
        return cases;
    }

    /** The number of distinct edges seen. */
    public int edgeCount() {
        return edges.size();
    }

    /** Distinct durations kept over all edges: with {@link #edgeCount()}, what this holds besides counts. */
    public long keptDurations() {
        long n = 0;
        for (Edge e : edges.values()) n += e.durations.distinct();
        return n;
    }

    /** The DFG of the cases added so far; equals {@link Dfg#of} on them. */
    public Dfg dfg() {
        int n = names.size();
        List<String> sorted = new ArrayList<>(names);
        Collections.sort(sorted);
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) rank[i] = Collections.binarySearch(sorted, names.get(i));
        long[] ac = new long[n], sc = new long[n], ec = new long[n];
        for (int i = 0; i < n; i++) {
            ac[rank[i]] = act[i];
            sc[rank[i]] = start[i];
            ec[rank[i]] = end[i];
        }
        // edges in ascending (source, target) name order, as the batch lists them
        List<long[]> order = new ArrayList<>(edges.size());
        for (Long k : edges.keySet()) order.add(new long[]{rank[(int) (k >>> 32)], rank[(int) (long) k], k});
        order.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        List<Dfg.Edge> out = new ArrayList<>(order.size());
        for (long[] o : order) {
            Edge e = edges.get(o[2]);
            double mean = Double.NaN, median = Double.NaN;
            long s = e.durations.size();
            if (s > 0) {
                mean = e.durations.sum() / s / 1000.0;
                median = (s % 2 == 1 ? e.durations.at(s / 2)
                        : (e.durations.at(s / 2 - 1) + e.durations.at(s / 2)) / 2.0) / 1000.0;
            }
            out.add(new Dfg.Edge(sorted.get((int) o[0]), sorted.get((int) o[1]), e.count, mean, median));
        }
        return new Dfg(sorted, ac, sc, ec, out);
    }
}
