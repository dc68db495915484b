package io.coalition.decisions.ccu;

import io.coalition.decisions.DecisionsException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The light copies one {@link Ccu} has already verified, keyed by the record's notarized pointer: inside the
 * enclave, whose memory is confidential and integrity-protected (SGX), so a copy checked once need not be fetched,
 * hashed, key-derived, decrypted and decoded again for every request.
 *
 * <p><b>Why the key is enough.</b> The key is the 32-byte pointer hash {@code Ccu.pointer} recomputes from the
 * untrusted index entry: it commits to data name, structure, record id and both CIDs. A value is put only after
 * that pointer was found in the notary, the blob matched the light CID and decrypted under the record's own key
 * with (name, structure, id, "light") as AAD: the cached fields are exactly the notarized content. {@code decide}
 * still recomputes the pointer and looks it up in the notary for every record of every request before asking
 * the cache, so a tampered, swapped or forged index entry is refused as without the cache; certificate, envelope,
 * replay and PDP checks are per request and never cached. Failed opens are not cached.
 *
 * <p><b>Values.</b> Deeply unmodifiable maps (field names interned): a decision cannot change what the next one
 * reads. Nothing of a cached value leaves the CCU: the cache is private to its CCU; {@link #stats} gives counts only.
 *
 * <p><b>Bounds.</b> A byte budget over an estimate of each entry's heap size (entry, key, map, names, values);
 * CLOCK (second-chance FIFO) eviction; hits are lock-free (a concurrent map read and a reference bit), inserts and
 * evictions take one lock. Budget 0 turns the cache off: every lookup misses and nothing is kept. A sequential
 * pass over more records than the budget holds evicts each before it is read again (no hits), as LRU would.
 */
public final class VerifiedRecordCache {
    /** The default budget: 64 MiB (about 230k light copies of three fields; see the module README). */
    public static final long DEFAULT_BYTES = 64L << 20;

    /** Field names interned at most (light copies hold the specification's decision fields: few distinct names). */
    private static final int MAX_NAMES = 4_096;

    private final long budget;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final ArrayDeque<Entry> clock = new ArrayDeque<>(); // guarded by lock
    private long bytes; // guarded by lock
    private long evictions; // guarded by lock
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** A snapshot of the cache's counters; no content. */
    public record Stats(long budgetBytes, long entries, long estimatedBytes, long hits, long misses, long evictions) {
    }

    /** @param budgetBytes the estimated heap the cached copies may take; 0 turns the cache off */
    public VerifiedRecordCache(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new DecisionsException("record cache: budget " + budgetBytes + " bytes, expected 0 (off) or more");
        }
        this.budget = budgetBytes;
    }

    /** Whether the cache keeps anything (budget above 0). */
    public boolean enabled() {
        return budget > 0;
    }

    /** The verified fields under the notarized {@code pointer}, or null. The caller checked the notary first. */
    Map<String, Object> get(byte[] pointer) {
        if (budget == 0) {
            return null;
        }
        Entry e = entries.get(new Key(pointer));
        if (e == null) {
            misses.increment();
            return null;
        }
        if (!e.referenced) {
            e.referenced = true; // a plain write: a lost update costs one extra round on the clock, nothing more
        }
        hits.increment();
        return e.fields;
    }

    /**
     * Keeps {@code fields}, just verified under the notarized {@code pointer}, and returns the unmodifiable form to
     * decide with (so a decision sees the same kind of map whether it hits or misses). With the cache off, or a
     * copy larger than the whole budget, returns {@code fields} unchanged and keeps nothing.
     */
    Map<String, Object> admit(byte[] pointer, Map<String, Object> fields) {
        if (budget == 0) {
            return fields;
        }
        Map<String, Object> frozen = freezeMap(fields);
        long size = ENTRY_BYTES + estimateMap(frozen, true);
        if (size > budget) {
            return frozen;
        }
        Key key = new Key(pointer.clone());
        synchronized (lock) {
            Entry old = entries.get(key);
            if (old != null) {
                return old.fields; // another thread opened the same record meanwhile
            }
            while (bytes + size > budget) {
                evictOne();
            }
            Entry e = new Entry(key, frozen, size);
            clock.addLast(e);
            entries.put(key, e);
            bytes += size;
        }
        return frozen;
    }

    /** Second chance: a referenced entry at the head goes to the tail with its bit cleared; else it is evicted. */
    private void evictOne() {
        while (true) {
            Entry e = clock.pollFirst();
            if (e == null) {
                throw new IllegalStateException("record cache: " + bytes + " bytes accounted with no entries");
            }
            if (e.referenced) {
                e.referenced = false;
                clock.addLast(e);
            } else {
                entries.remove(e.key);
                bytes -= e.size;
                evictions++;
                return;
            }
        }
    }

    /** Drops every entry (counters stay): the next request over the same records takes the cold path. */
    public void clear() {
        synchronized (lock) {
            entries.clear();
            clock.clear();
            bytes = 0;
        }
    }

    public Stats stats() {
        synchronized (lock) {
            return new Stats(budget, entries.size(), bytes, hits.sum(), misses.sum(), evictions);
        }
    }

    @Override
    public String toString() {
        Stats s = stats();
        return "VerifiedRecordCache[" + s.entries() + " entries, ~" + s.estimatedBytes() + " of " + budget + " bytes]";
    }

    // ---- immutable values

    private Map<String, Object> freezeMap(Map<?, ?> m) {
        Map<String, Object> copy = new LinkedHashMap<>(m.size() < 12 ? 16 : (int) (m.size() / 0.75f) + 1);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            copy.put(name(String.valueOf(e.getKey())), freeze(e.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    private Object freeze(Object v) {
        if (v instanceof Map<?, ?> m) {
            return freezeMap(m);
        }
        if (v instanceof Collection<?> c) { // lists (and sets, read back as lists): order kept, nulls allowed
            List<Object> copy = new ArrayList<>(c.size());
            for (Object o : c) {
                copy.add(freeze(o));
            }
            return Collections.unmodifiableList(copy);
        }
        if (v == null || v instanceof String || v instanceof Number && isImmutableNumber(v) || v instanceof Boolean) {
            return v;
        }
        // LightCopy reads only the types above; anything else is a bug here, not a reason to share a mutable value
        throw new IllegalStateException("record cache: a light copy holds a " + v.getClass().getName());
    }

    private static boolean isImmutableNumber(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger || v instanceof BigDecimal
                || v instanceof Double || v instanceof Float || v instanceof Short || v instanceof Byte;
    }

    private String name(String n) {
        String known = names.get(n);
        if (known != null) {
            return known;
        }
        if (names.size() >= MAX_NAMES) {
            return n;
        }
        known = names.putIfAbsent(n, n);
        return known != null ? known : n;
    }

    // ---- size estimate (64-bit JVM, compressed oops, 8-byte alignment; checked against the live heap by the bench)

    /** Map node, key object, its 32-byte array, entry, and the map table's and clock's slots (amortized). */
    static final long ENTRY_BYTES = 32 + 24 + 48 + 32 + 8 + 8;

    private long estimateMap(Map<String, Object> m, boolean top) {
        int table = m.size() < 12 ? 16 : Integer.highestOneBit((int) (m.size() / 0.75f) + 1) << 1;
        long n = 32 + 56 + align(16 + 4L * table) + 40L * m.size();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (names.get(e.getKey()) != e.getKey()) {
                n += estimateString(e.getKey()); // not interned: its own copy
            }
            n += estimate(e.getValue());
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private long estimate(Object v) {
        if (v == null || v instanceof Boolean) {
            return 0;
        }
        if (v instanceof String s) {
            return estimateString(s);
        }
        if (v instanceof Integer || v instanceof Float || v instanceof Short || v instanceof Byte) {
            return 16;
        }
        if (v instanceof Long || v instanceof Double) {
            return 24;
        }
        if (v instanceof BigInteger b) {
            return 40 + align(16 + 4L * (b.bitLength() / 32 + 1));
        }
        if (v instanceof BigDecimal d) {
            return 40 + estimate(d.unscaledValue());
        }
        if (v instanceof Map<?, ?> m) {
            return estimateMap((Map<String, Object>) m, false);
        }
        if (v instanceof List<?> l) {
            long n = 24 + 24 + align(16 + 4L * l.size());
            for (Object o : l) {
                n += estimate(o);
            }
            return n;
        }
        return 64;
    }

    private static long estimateString(String s) {
        boolean latin1 = s.chars().allMatch(c -> c < 256);
        return 24 + align(16 + (long) s.length() * (latin1 ? 1 : 2));
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    /** The pointer as a map key; SHA-256 output, so any 4 bytes are a well-spread hash. */
    private static final class Key {
        final byte[] pointer;
        final int hash;

        Key(byte[] pointer) {
            if (pointer.length != 32) {
                throw new IllegalStateException("record cache: a pointer of " + pointer.length + " bytes, expected 32");
            }
            this.pointer = pointer;
            this.hash = (pointer[0] & 0xff) << 24 | (pointer[1] & 0xff) << 16 | (pointer[2] & 0xff) << 8 | (pointer[3] & 0xff);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(pointer, k.pointer);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static final class Entry {
        final Key key;
        final Map<String, Object> fields;
        final long size;
        volatile boolean referenced;

        Entry(Key key, Map<String, Object> fields, long size) {
            this.key = key;
            this.fields = fields;
            this.size = size;
        }
    }
}
