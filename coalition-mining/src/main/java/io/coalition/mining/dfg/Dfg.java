package io.coalition.mining.dfg;

import io.coalition.mining.log.IndexedLog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A directly-follows graph: activity counts, directly-follows edge counts, start and end activity counts and,
 * when the log has timestamps, the mean and median duration of each edge (seconds from the first event's
 * timestamp to the second's, as pm4py's performance DFG).
 *
 * <p>Immutable. Activities are in ascending name order and edges in ascending (source, target) order, so two
 * graphs of the same log print and export identically.
 */
public final class Dfg {
    private final List<String> activities;
    private final long[] activityCounts;
    private final long[] startCounts;
    private final long[] endCounts;
    private final List<Edge> edges;

    /**
     * One directly-follows relation.
     *
     * @param source        the earlier activity
     * @param target        the activity right after it
     * @param count         how often {@code target} directly follows {@code source}
     * @param meanSeconds   mean duration, {@code NaN} when no pair had two timestamps
     * @param medianSeconds median duration (mean of the two middle values for an even number), or {@code NaN}
     */
    public record Edge(String source, String target, long count, double meanSeconds, double medianSeconds) {
        public Edge {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
        }

        public boolean hasPerformance() {
            return !Double.isNaN(meanSeconds);
        }
    }

    Dfg(List<String> activities, long[] activityCounts, long[] startCounts, long[] endCounts, List<Edge> edges) {
        this.activities = List.copyOf(activities);
        this.activityCounts = activityCounts;
        this.startCounts = startCounts;
        this.endCounts = endCounts;
        this.edges = List.copyOf(edges);
    }

    /** The DFG of {@code log}, with performance annotations wherever consecutive events both have timestamps. */
    public static Dfg of(IndexedLog log) {
        return build(log, true);
    }

    /** The DFG of {@code log} with frequencies only (faster: no durations are collected). */
    public static Dfg frequencies(IndexedLog log) {
        return build(log, false);
    }

    private static Dfg build(IndexedLog log, boolean performance) {
        int n = log.activityCount();
        long[] act = new long[n];
        long[] start = new long[n];
        long[] end = new long[n];
        long[] counts = new long[n * n];
        long[][] durations = performance ? new long[n * n][] : null;
        int[] durationSizes = performance ? new int[n * n] : null;
        boolean anyDuration = false;
        for (int i = 0, tc = log.traceCount(); i < tc; i++) {
            int[] t = log.trace(i);
            if (t.length == 0) continue;
            start[t[0]]++;
            end[t[t.length - 1]]++;
            act[t[0]]++;
            long[] tm = performance ? log.times(i) : null;
            for (int j = 1; j < t.length; j++) {
                act[t[j]]++;
                int e = t[j - 1] * n + t[j];
                counts[e]++;
                if (performance && tm[j] != IndexedLog.NO_TIME && tm[j - 1] != IndexedLog.NO_TIME) {
                    long[] d = durations[e];
                    int s = durationSizes[e];
                    if (d == null) {
                        d = durations[e] = new long[8];
                    } else if (s == d.length) {
                        d = durations[e] = Arrays.copyOf(d, s * 2);
                    }
                    d[s] = tm[j] - tm[j - 1];
                    durationSizes[e] = s + 1;
                    anyDuration = true;
                }
            }
        }
        List<Edge> edges = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                int e = a * n + b;
                if (counts[e] == 0) continue;
                double mean = Double.NaN;
                double median = Double.NaN;
                if (anyDuration && durationSizes[e] > 0) {
                    int s = durationSizes[e];
                    long[] d = Arrays.copyOf(durations[e], s);
                    Arrays.sort(d);
                    double sum = 0;
                    for (long x : d) sum += x;
                    mean = sum / s / 1000.0;
                    median = (s % 2 == 1 ? d[s / 2] : (d[s / 2 - 1] + d[s / 2]) / 2.0) / 1000.0;
                }
                edges.add(new Edge(log.activity(a), log.activity(b), counts[e], mean, median));
            }
        }
        return new Dfg(log.activities(), act, start, end, edges);
    }

    /** Activities, ascending by name. */
    public List<String> activities() {
        return activities;
    }

    /** Edges, ascending by (source, target). */
    public List<Edge> edges() {
        return edges;
    }

    private int index(String activity) {
        return java.util.Collections.binarySearch(activities, activity);
    }

    /** The number of events of {@code activity}; 0 when the graph does not have it. */
    public long activityCount(String activity) {
        int i = index(activity);
        return i < 0 ? 0 : activityCounts[i];
    }

    /** The number of traces starting with {@code activity}. */
    public long startCount(String activity) {
        int i = index(activity);
        return i < 0 ? 0 : startCounts[i];
    }

    /** The number of traces ending with {@code activity}. */
    public long endCount(String activity) {
        int i = index(activity);
        return i < 0 ? 0 : endCounts[i];
    }

    /** The edge from {@code source} to {@code target}, or {@code null}. */
    public Edge edge(String source, String target) {
        for (Edge e : edges) {
            if (e.source.equals(source) && e.target.equals(target)) return e;
        }
        return null;
    }

    /** The count of the edge from {@code source} to {@code target}, 0 when absent. */
    public long edgeCount(String source, String target) {
        Edge e = edge(source, target);
        return e == null ? 0 : e.count;
    }

    /** Start activities with a count above zero, ascending. */
    public List<String> startActivities() {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < activities.size(); i++) if (startCounts[i] > 0) r.add(activities.get(i));
        return r;
    }

    /** End activities with a count above zero, ascending. */
    public List<String> endActivities() {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < activities.size(); i++) if (endCounts[i] > 0) r.add(activities.get(i));
        return r;
    }

    /**
     * Keeps the activities occurring at least {@code fraction} times as often as the most frequent one
     * ({@code fraction} in [0, 1]), with the edges among them and their start/end counts.
     */
    public Dfg filterActivities(double fraction) {
        checkFraction(fraction);
        long max = 0;
        for (long c : activityCounts) max = Math.max(max, c);
        return filterActivitiesByCount((long) Math.ceil(max * fraction));
    }

    /** Keeps the activities occurring at least {@code minCount} times, with the edges among them. */
    public Dfg filterActivitiesByCount(long minCount) {
        List<String> keep = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < activities.size(); i++) {
            if (activityCounts[i] >= minCount) {
                keep.add(activities.get(i));
                idx.add(i);
            }
        }
        long[] ac = new long[keep.size()];
        long[] sc = new long[keep.size()];
        long[] ec = new long[keep.size()];
        for (int k = 0; k < keep.size(); k++) {
            ac[k] = activityCounts[idx.get(k)];
            sc[k] = startCounts[idx.get(k)];
            ec[k] = endCounts[idx.get(k)];
        }
        java.util.Set<String> kept = new java.util.HashSet<>(keep);
        List<Edge> es = new ArrayList<>();
        for (Edge e : edges) if (kept.contains(e.source) && kept.contains(e.target)) es.add(e);
        return new Dfg(keep, ac, sc, ec, es);
    }

    /**
     * Keeps the edges occurring at least {@code fraction} times as often as the most frequent edge
     * ({@code fraction} in [0, 1]); activities, start and end counts are kept unchanged.
     */
    public Dfg filterPaths(double fraction) {
        checkFraction(fraction);
        long max = 0;
        for (Edge e : edges) max = Math.max(max, e.count);
        return filterPathsByCount((long) Math.ceil(max * fraction));
    }

    /** Keeps the edges occurring at least {@code minCount} times. */
    public Dfg filterPathsByCount(long minCount) {
        List<Edge> es = new ArrayList<>();
        for (Edge e : edges) if (e.count >= minCount) es.add(e);
        return new Dfg(activities, activityCounts, startCounts, endCounts, es);
    }

    private static void checkFraction(double f) {
        if (!(f >= 0 && f <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1], was " + f);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dfg d && d.activities.equals(activities) && Arrays.equals(d.activityCounts, activityCounts)
                && Arrays.equals(d.startCounts, startCounts) && Arrays.equals(d.endCounts, endCounts)
                && d.edges.equals(edges);
    }

    @Override
    public int hashCode() {
        return activities.hashCode() * 31 + edges.hashCode();
    }

    @Override
    public String toString() {
        return "Dfg" + activities + edges;
    }
}
