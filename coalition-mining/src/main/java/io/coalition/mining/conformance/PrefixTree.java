package io.coalition.mining.conformance;

import io.coalition.mining.log.IndexedLog;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The prefix automaton of a log as a trie over activity ids: node 0 is the empty prefix, every other node one
 * prefix, with the number of traces passing through it. Built once; ETConformance visits every proper prefix
 * through it, so work shared by prefixes (replay, alignment search) is done once per trie node instead of once
 * per prefix and its ancestors.
 */
final class PrefixTree {
    final int size;
    final int[] parent;
    final int[] activity;
    final int[] depth;
    /** Traces whose prefix of this node's length is this node's prefix. */
    final long[] through;
    /** Children in order of first occurrence in the log. */
    final int[][] children;
    /** Traces of the log. */
    final long traces;

    private PrefixTree(int size, int[] parent, int[] activity, int[] depth, long[] through, int[][] children,
                       long traces) {
        this.size = size;
        this.parent = parent;
        this.activity = activity;
        this.depth = depth;
        this.through = through;
        this.children = children;
        this.traces = traces;
    }

    static PrefixTree of(IndexedLog log) {
        int cap = 1024;
        int[] parent = new int[cap];
        int[] activity = new int[cap];
        int[] depth = new int[cap];
        long[] through = new long[cap];
        parent[0] = -1;
        activity[0] = -1;
        int size = 1;
        Map<Long, Integer> edges = new HashMap<>();
        long traces = 0;
        for (IndexedLog.Variant v : log.variants()) {
            traces += v.count();
            through[0] += v.count();
            int node = 0;
            for (int a : v.activities()) {
                long key = ((long) node << 32) | a;
                Integer child = edges.get(key);
                if (child == null) {
                    if (size == parent.length) {
                        cap = size * 2;
                        parent = Arrays.copyOf(parent, cap);
                        activity = Arrays.copyOf(activity, cap);
                        depth = Arrays.copyOf(depth, cap);
                        through = Arrays.copyOf(through, cap);
                    }
                    child = size++;
                    parent[child] = node;
                    activity[child] = a;
                    depth[child] = depth[node] + 1;
                    edges.put(key, child);
                }
                node = child;
                through[node] += v.count();
            }
        }
        int[] childCount = new int[size];
        for (int n = 1; n < size; n++) childCount[parent[n]]++;
        int[][] children = new int[size][];
        for (int n = 0; n < size; n++) children[n] = new int[childCount[n]];
        int[] fill = new int[size];
        for (int n = 1; n < size; n++) children[parent[n]][fill[parent[n]]++] = n; // ids grow in first-occurrence order
        return new PrefixTree(size, Arrays.copyOf(parent, size), Arrays.copyOf(activity, size),
                Arrays.copyOf(depth, size), Arrays.copyOf(through, size), children, traces);
    }

    /**
     * Whether ETConformance counts this node as a state: a non-empty prefix that some trace continues (pm4py's
     * {@code get_log_prefixes} takes the prefixes of length 1 .. n-1 of each trace).
     */
    boolean isState(int node) {
        return node != 0 && children[node].length > 0;
    }

    /** The number of traces that continue this prefix (pm4py's prefix count). */
    long continuing(int node) {
        long n = 0;
        for (int c : children[node]) n += through[c];
        return n;
    }

    /** The activities of the prefix of {@code node}. */
    int[] prefix(int node) {
        int[] r = new int[depth[node]];
        for (int n = node; n != 0; n = parent[n]) r[depth[n] - 1] = activity[n];
        return r;
    }
}
