package io.coalition.mining.inductive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces (activity indices) with multiplicities, merged by variant and kept in order of first occurrence: the
 * sub-logs the log-splitting miners recurse on.
 */
class TraceMultiset {
    final List<int[]> traces = new ArrayList<>();
    final List<Long> counts = new ArrayList<>();
    private final Map<List<Integer>, Integer> index = new HashMap<>();

    /** Adds {@code c} occurrences of {@code t}; a count of zero or less adds nothing. */
    void add(int[] t, long c) {
        if (c <= 0) return;
        List<Integer> key = Arrays.stream(t).boxed().toList();
        Integer i = index.get(key);
        if (i == null) {
            index.put(key, traces.size());
            traces.add(t);
            counts.add(c);
        } else {
            counts.set(i, counts.get(i) + c);
        }
    }
}
