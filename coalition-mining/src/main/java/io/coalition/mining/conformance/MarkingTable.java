package io.coalition.mining.conformance;

import java.util.Arrays;

/**
 * Interns markings ({@code int[]} of a fixed length) to dense ids {@code 0, 1, ...}: the markings live in one flat
 * {@code int[]} and an open-addressing table of ids finds them by hash, so the searches keep no per-state objects.
 * Not thread-safe: one table per search or thread.
 */
final class MarkingTable {
    private final int width;
    private int[] data;
    private int[] hashes;
    private int size;
    /** Open addressing, linear probing; slots hold id + 1, 0 = empty. */
    private int[] slots;

    MarkingTable(int width) {
        this.width = width;
        this.data = new int[Math.max(1, width) * 64];
        this.hashes = new int[64];
        this.slots = new int[128];
    }

    int size() {
        return size;
    }

    /** The id of {@code m}, adding it if new. */
    int intern(int[] m) {
        int h = hash(m);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                int id = add(m, h);
                slots[i] = id + 1;
                if (size * 2 > slots.length) rehash();
                return id;
            }
            if (hashes[s - 1] == h && equalsAt(s - 1, m)) return s - 1;
        }
    }

    /** The id of {@code m}, or -1 when it was never interned. */
    int find(int[] m) {
        int h = hash(m);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) return -1;
            if (hashes[s - 1] == h && equalsAt(s - 1, m)) return s - 1;
        }
    }

    /** Copies marking {@code id} into {@code into}. */
    void get(int id, int[] into) {
        System.arraycopy(data, id * width, into, 0, width);
    }

    int[] get(int id) {
        return Arrays.copyOfRange(data, id * width, id * width + width);
    }

    private int add(int[] m, int h) {
        if ((size + 1) * width > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, (size + 1) * width));
        if (size == hashes.length) hashes = Arrays.copyOf(hashes, size * 2);
        System.arraycopy(m, 0, data, size * width, width);
        hashes[size] = h;
        return size++;
    }

    private boolean equalsAt(int id, int[] m) {
        int o = id * width;
        for (int i = 0; i < width; i++) if (data[o + i] != m[i]) return false;
        return true;
    }

    private void rehash() {
        int[] n = new int[slots.length * 2];
        int mask = n.length - 1;
        for (int id = 0; id < size; id++) {
            int i = hashes[id] & mask;
            while (n[i] != 0) i = (i + 1) & mask;
            n[i] = id + 1;
        }
        slots = n;
    }

    private static int hash(int[] m) {
        int h = 1;
        for (int v : m) h = 31 * h + v;
        // spread the bits: markings differ in few places, and the table masks the low bits
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }
}
