package io.coalition.mining.conformance;

import java.util.Arrays;

/** A {@code long -> int} hash map with open addressing (no boxing); keys are search states packed into a long. */
final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private int[] values;
    private int size;

    LongIntMap() {
        keys = new long[256];
        Arrays.fill(keys, EMPTY);
        values = new int[256];
    }

    int size() {
        return size;
    }

    /** The value of {@code key}, or {@code absent}. */
    int get(long key, int absent) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) return values[i];
            if (k == EMPTY) return absent;
        }
    }

    void put(long key, int value) {
        if (key == EMPTY) throw new IllegalArgumentException("reserved key");
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) grow();
                return;
            }
        }
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = values;
        keys = new long[ok.length * 2];
        Arrays.fill(keys, EMPTY);
        values = new int[ok.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] == EMPTY) continue;
            int i = mix(ok[j]) & mask;
            while (keys[i] != EMPTY) i = (i + 1) & mask;
            keys[i] = ok[j];
            values[i] = ov[j];
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
