package io.coalition.mining.dfg;

import java.util.Arrays;

/**
 * One edge's durations as a multiset: distinct values ascending with their counts, plus a small unsorted buffer
 * that is sorted and merged in when full. Logs have second or millisecond timestamps with many repeated
 * durations, so this holds far fewer entries than occurrences (12 bytes per distinct value, the buffer at most
 * half as many longs again); with all values distinct it costs about twice a plain {@code long[]}.
 */
final class DurationHistogram {
    private static final long[] NO_LONGS = new long[0];
    private static final int[] NO_INTS = new int[0];
    private long[] values = NO_LONGS;
    private int[] counts = NO_INTS;
    private long[] buffer = new long[4];
    private int buffered;
    private long size;

    void add(long duration) {
        if (buffered == buffer.length) flush();
        buffer[buffered++] = duration;
        size++;
    }

    long size() {
        return size;
    }

    /** Distinct values held (after merging the buffer). */
    int distinct() {
        flush();
        return values.length;
    }

    /** Merges the sorted buffer into the distinct values; the next buffer holds up to half the distinct values. */
    private void flush() {
        if (buffered == 0) return;
        Arrays.sort(buffer, 0, buffered);
        long[] v = new long[values.length + buffered];
        int[] c = new int[v.length];
        int i = 0, j = 0, k = 0;
        while (i < values.length || j < buffered) {
            long x;
            int n;
            if (j == buffered || (i < values.length && values[i] <= buffer[j])) {
                x = values[i];
                n = counts[i++];
            } else {
                x = buffer[j++];
                n = 1;
            }
            if (k > 0 && v[k - 1] == x) {
                c[k - 1] += n;
            } else {
                v[k] = x;
                c[k++] = n;
            }
        }
        values = k == v.length ? v : Arrays.copyOf(v, k);
        counts = k == c.length ? c : Arrays.copyOf(c, k);
        buffered = 0;
        int cap = Math.max(4, k / 2);
        if (buffer.length < cap || buffer.length > 2 * cap) buffer = new long[cap];
    }

    /**
     * The mean as {@link Dfg#of} computes it: a double sum over the sorted values, so the result is bit-identical
     * (the batch adds each occurrence in ascending order; so does this).
     */
    double sum() {
        flush();
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            long x = values[i];
            for (int n = counts[i]; n > 0; n--) sum += x;
        }
        return sum;
    }

    /** The value at rank {@code r} (0-based) of the sorted multiset. */
    long at(long r) {
        flush();
        long seen = 0;
        for (int i = 0; i < values.length; i++) {
            seen += counts[i];
            if (r < seen) return values[i];
        }
        throw new IllegalStateException("rank " + r + " of " + size);
    }
}
