package io.coalition.mining.heuristics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statistics the Heuristics Miner needs, growable one trace at a time: activity, start and end counts,
 * |a&gt;b| and |aba| (a != b). Ids are in order of first appearance; {@link #canonical()} reorders them by name.
 */
final class Counts {
    final List<String> names = new ArrayList<>();
    final Map<String, Integer> ids = new HashMap<>();
    int n;
    long[] act = new long[0];
    long[] start = new long[0];
    long[] end = new long[0];
    long[] dfg = new long[0];
    long[] aba = new long[0];
    private int capacity;

    int id(String name) {
        Integer i = ids.get(name);
        if (i != null) return i;
        int id = n++;
        ids.put(name, id);
        names.add(name);
        if (n > capacity) grow(Math.max(8, capacity * 2));
        return id;
    }

    private void grow(int cap) {
        act = Arrays.copyOf(act, cap);
        start = Arrays.copyOf(start, cap);
        end = Arrays.copyOf(end, cap);
        long[] d = new long[cap * cap];
        long[] t = new long[cap * cap];
        for (int a = 0; a < capacity; a++) {
            System.arraycopy(dfg, a * capacity, d, a * cap, capacity);
            System.arraycopy(aba, a * capacity, t, a * cap, capacity);
        }
        dfg = d;
        aba = t;
        capacity = cap;
    }

    /** Ensures ids 0..count-1 exist with the given names (for a pre-indexed log). */
    void preset(List<String> activityNames) {
        for (String s : activityNames) id(s);
    }

    void addTrace(int[] t, long times) {
        if (t.length == 0) return;
        int c = capacity;
        start[t[0]] += times;
        end[t[t.length - 1]] += times;
        for (int j = 0; j < t.length; j++) {
            act[t[j]] += times;
            if (j > 0) dfg[t[j - 1] * c + t[j]] += times;
            if (j > 1 && t[j] == t[j - 2] && t[j] != t[j - 1]) aba[t[j - 2] * c + t[j - 1]] += times;
        }
    }

    long dfg(int a, int b) {
        return dfg[a * capacity + b];
    }

    long aba(int a, int b) {
        return aba[a * capacity + b];
    }

    /** A copy whose ids follow the ascending order of the names. */
    Counts canonical() {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        Counts c = new Counts();
        c.preset(sorted);
        int[] map = new int[n];
        for (int i = 0; i < n; i++) map[i] = c.ids.get(names.get(i));
        for (int a = 0; a < n; a++) {
            c.act[map[a]] = act[a];
            c.start[map[a]] = start[a];
            c.end[map[a]] = end[a];
            for (int b = 0; b < n; b++) {
                c.dfg[map[a] * c.capacity + map[b]] = dfg(a, b);
                c.aba[map[a] * c.capacity + map[b]] = aba(a, b);
            }
        }
        return c;
    }
}
