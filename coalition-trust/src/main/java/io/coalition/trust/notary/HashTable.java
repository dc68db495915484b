package io.coalition.trust.notary;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * The {@link LogNotary}'s verified view: notarized 32-byte hashes with where and when each was first logged, in one
 * open-addressing table of longs (issue 7: a CCU looks up every record on every decision, and a hash map's
 * table slot, node and key object were three cache misses per lookup; here it is one). Slot: the hash's four
 * words, the time in epoch milliseconds, and the log position plus one, which also marks the slot as taken.
 *
 * <p>Readers take no lock; writes must be serialized by the caller (the notary's single writer). A slot's words
 * are written before its position is published with release semantics and read after it with acquire semantics,
 * so a reader never sees half an entry; a full table is copied into one twice the size and published through a
 * volatile field, and the old one is never written again. Slots are picked from the hash mixed with a random
 * per-table seed, so record ids ground to share a slot's bits do not make long probe chains.
 */
final class HashTable {
    private static final int WORDS = 6;
    private static final int TAKEN = 5;
    private static final long MIX = 0x9E3779B97F4A7C15L;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long seed = new SecureRandom().nextLong();
    private volatile long[] table = new long[WORDS * 1024];
    private int size;

    /** Where and when a hash was first logged. */
    record Logged(long position, long millis) {
    }

    boolean contains(byte[] hash) {
        return find(table, hash) >= 0;
    }

    /** The entry of {@code hash}, or null. */
    Logged get(byte[] hash) {
        long[] t = table;
        int at = find(t, hash);
        return at < 0 ? null : new Logged((long) SLOT.getAcquire(t, at + TAKEN) - 1, t[at + 4]);
    }

    /** Adds {@code hash} unless present (the first notarization wins); callers serialize writes. */
    void putIfAbsent(byte[] hash, long position, long millis) {
        if (find(table, hash) >= 0) {
            return;
        }
        if (2 * (size + 1) > table.length / WORDS) {
            grow();
        }
        ByteBuffer b = ByteBuffer.wrap(hash, 0, Receipt.HASH_LENGTH);
        insert(table, b.getLong(), b.getLong(), b.getLong(), b.getLong(), millis, position + 1);
        size++;
    }

    private int find(long[] t, byte[] hash) {
        ByteBuffer b = ByteBuffer.wrap(hash, 0, Receipt.HASH_LENGTH);
        long a = b.getLong();
        long c = b.getLong();
        long d = b.getLong();
        long e = b.getLong();
        int slots = t.length / WORDS;
        for (int i = slot(a, slots); ; i = (i + 1) & (slots - 1)) {
            int at = i * WORDS;
            if ((long) SLOT.getAcquire(t, at + TAKEN) == 0) {
                return -1; // an empty slot ends the probe: entries are never removed
            }
            if (t[at] == a && t[at + 1] == c && t[at + 2] == d && t[at + 3] == e) {
                return at;
            }
        }
    }

    private int slot(long firstWord, int slots) {
        return (int) (((firstWord ^ seed) * MIX) >>> (64 - Integer.numberOfTrailingZeros(slots)));
    }

    private void insert(long[] t, long a, long c, long d, long e, long millis, long taken) {
        int slots = t.length / WORDS;
        int i = slot(a, slots);
        while ((long) SLOT.getAcquire(t, i * WORDS + TAKEN) != 0) {
            i = (i + 1) & (slots - 1);
        }
        int at = i * WORDS;
        t[at] = a;
        t[at + 1] = c;
        t[at + 2] = d;
        t[at + 3] = e;
        t[at + 4] = millis;
        SLOT.setRelease(t, at + TAKEN, taken);
    }

    private void grow() {
        long[] old = table;
        long[] bigger = new long[old.length * 2];
        for (int at = 0; at < old.length; at += WORDS) {
            if (old[at + TAKEN] != 0) {
                insert(bigger, old[at], old[at + 1], old[at + 2], old[at + 3], old[at + 4], old[at + TAKEN]);
            }
        }
        table = bigger; // volatile: a reader sees the copy whole or the old table
    }
}
