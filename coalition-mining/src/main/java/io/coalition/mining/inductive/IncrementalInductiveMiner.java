package io.coalition.mining.inductive;

import io.coalition.mining.log.IndexedLog;
import io.coalition.mining.tree.ProcessTree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Inductive Miner ({@link InductiveMiner#mine(IndexedLog, double)}, pm4py's {@code im_clean}) fed one case at
 * a time. IM needs the multiset of traces, so this keeps the distinct variants (interned activity ids) with their
 * counts and the position of their first case: memory grows with the variants, not with the cases.
 * {@link #tree(double)} equals the batch miner on a log of exactly the cases added, ordered by position (the
 * batch resolves ties by first occurrence, so each variant's smallest position decides its place), whatever order
 * they were added in. Not thread-safe.
 */
public final class IncrementalInductiveMiner {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final Map<Key, Variant> variants = new HashMap<>();
    private long cases;

    private record Key(int[] trace) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.trace, trace);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(trace);
        }
    }

    private static final class Variant {
        final int[] trace;
        long count;
        long first;

        Variant(int[] trace, long first) {
            this.trace = trace;
            this.first = first;
        }
    }

    /** Adds the case at {@code position} (its place in the log the result must equal the batch on). */
    public IncrementalInductiveMiner add(long position, List<String> activities) {
        int[] t = new int[activities.size()];
        for (int i = 0; i < t.length; i++) t[i] = ids.computeIfAbsent(activities.get(i), k -> {
            names.add(k);
            return names.size() - 1;
        });
        Variant v = variants.computeIfAbsent(new Key(t), k -> new Variant(t, position));
        v.count++;
        v.first = Math.min(v.first, position);
        cases++;
        return this;
    }

    /** Adds a case after all those added so far. */
    public IncrementalInductiveMiner add(List<String> activities) {
        return add(cases, activities);
    }

    public long caseCount() {
        return cases;
    }

    /** The distinct variants kept. */
    public int variantCount() {
        return variants.size();
    }

    /** The activities held over all kept variants (the variant multiset's size in events). */
    public long keptEvents() {
        long n = 0;
        for (Variant v : variants.values()) n += v.trace.length;
        return n;
    }

    /** IM ({@code noise} 0) or IMf on the cases added so far; equals {@link InductiveMiner#mine(IndexedLog, double)}. */
    public ProcessTree tree(double noise) {
        List<String> sorted = new ArrayList<>(names);
        Collections.sort(sorted);
        int[] rank = new int[names.size()];
        for (int i = 0; i < rank.length; i++) rank[i] = Collections.binarySearch(sorted, names.get(i));
        List<Variant> order = new ArrayList<>(variants.values());
        order.sort((x, y) -> Long.compare(x.first, y.first));
        int[][] ts = new int[order.size()][];
        long[] cs = new long[order.size()];
        for (int i = 0; i < ts.length; i++) {
            int[] t = order.get(i).trace.clone();
            for (int j = 0; j < t.length; j++) t[j] = rank[t[j]];
            ts[i] = t;
            cs[i] = order.get(i).count;
        }
        return InductiveMiner.mineVariants(sorted.toArray(new String[0]), ts, cs, noise, false);
    }
}
