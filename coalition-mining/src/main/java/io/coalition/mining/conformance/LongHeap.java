package io.coalition.mining.conformance;

import java.util.Arrays;

/** A binary min-heap of {@code long}s; searches pack (priority, tie-breaks, state id) into one key. */
final class LongHeap {
    private long[] a = new long[256];
    private int n;

    boolean isEmpty() {
        return n == 0;
    }

    int size() {
        return n;
    }

    void add(long v) {
        if (n == a.length) a = Arrays.copyOf(a, n * 2);
        int i = n++;
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (a[p] <= v) break;
            a[i] = a[p];
            i = p;
        }
        a[i] = v;
    }

    long peek() {
        return a[0];
    }

    long poll() {
        long top = a[0];
        long v = a[--n];
        int i = 0;
        int half = n >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            if (c + 1 < n && a[c + 1] < a[c]) c++;
            if (a[c] >= v) break;
            a[i] = a[c];
            i = c;
        }
        a[i] = v;
        return top;
    }
}
