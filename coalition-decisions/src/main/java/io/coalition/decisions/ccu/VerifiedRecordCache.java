package io.coalition.decisions.ccu;

import io.coalition.decisions.DecisionsException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The light copies one {@link Ccu} has already verified, keyed by the record's notarized pointer: inside the
 * enclave, whose memory is confidential and integrity-protected (SGX), so a copy checked once need not be fetched,
 * hashed, key-derived, decrypted and decoded again for every request.
 *
 * <p><b>Why the key is enough.</b> The key is the 32-byte pointer hash {@code Ccu.pointer} recomputes from the
 * untrusted index entry: it commits to data name, structure, record id and both CIDs. A value is put only after
 * that pointer was found in the notary, the blob matched the light CID and decrypted under the record's own key
 * with (name, structure, id, "light") as AAD, or, for a record the CCU stored itself, once it notarized the pointer of
 * the copy it had just encrypted: the cached fields are exactly the notarized content. {@code decide}
 * still recomputes the pointer for every record of every request and asks the cache first: a pointer held here was
 * notarized when admitted and stays so (the notary only grows), any other is looked up in the notary, so a
 * tampered, swapped or forged index entry (another pointer, never cached) is refused as without the cache;
 * certificate, envelope, replay and PDP checks are per request and never cached. Failed opens are not cached.
 *
 * <p><b>Values.</b> Deeply unmodifiable, compact maps (a shared shape of the field names, interned, and an array
 * of values; nested maps and lists unmodifiable too): a decision cannot change what the next one reads. Nothing of a cached value leaves the CCU: the cache is private to its CCU; {@link #stats} gives counts only.
 *
 * <p><b>Bounds.</b> A byte budget over an estimate of each entry's heap size (entry, key, map, names, values);
 * CLOCK (second-chance FIFO) eviction; hits are lock-free (a concurrent map read and a reference bit), inserts and
 * evictions take one lock. Budget 0 turns the cache off: every lookup misses and nothing is kept. A sequential
 * pass over more records than the budget holds evicts each before it is read again (no hits), as LRU would.
 */
public final class VerifiedRecordCache {
    /** The default budget's share of the JVM's maximum heap: a quarter. */
    public static final int DEFAULT_HEAP_DIVISOR = 4;

    /** The default budget when the JVM reports no maximum heap. */
    public static final long NO_HEAP_LIMIT_BYTES = 64L << 20;

    /**
     * The default budget on this JVM: {@link #defaultBytes(long)} of {@link Runtime#maxMemory()} (a 6 GiB heap, the
     * JVM's default on a 24 GiB machine, gives 1.5 GiB: about 7.8M light copies of three fields).
     */
    public static long defaultBytes() {
        return defaultBytes(Runtime.getRuntime().maxMemory());
    }

    /**
     * The default budget for a maximum heap of {@code maxHeapBytes}: a quarter of it (a fixed budget either starved
     * a large heap, 64 MiB gave 0 % hits over 1M records, or would not fit a small one), whole MiB, rounded down;
     * {@link #NO_HEAP_LIMIT_BYTES} when the JVM reports no limit ({@link Long#MAX_VALUE}).
     */
    public static long defaultBytes(long maxHeapBytes) {
        if (maxHeapBytes <= 0) throw new DecisionsException("record cache: maximum heap " + maxHeapBytes + " bytes");
        if (maxHeapBytes == Long.MAX_VALUE) return NO_HEAP_LIMIT_BYTES;
        return (maxHeapBytes / DEFAULT_HEAP_DIVISOR) >> 20 << 20;
    }

    private static final int INITIAL_SLOTS = 1 << 10;

    /** Distinct field-name lists (shapes) shared at most. */
    private static final int MAX_SHAPES = 1_024;

    /** Field names interned at most (light copies hold the specification's decision fields: few distinct names). */
    private static final int MAX_NAMES = 4_096;

    /** Shared string values: slots (filled once) and the longest value shared, in bytes. */
    private static final int VALUE_SLOTS = 1 << 12;
    private static final int MAX_SHARED_VALUE = 32;

    private final AtomicReferenceArray<SharedValue> sharedValues = new AtomicReferenceArray<>(VALUE_SLOTS);
    private final long budget;
    /**
     * Open addressing with linear probing, at most half full, written under {@link #lock} and read without it: a
     * reader compares the whole key in the entry it finds (final fields), so a racy read can only miss (and the
     * record is then opened again and found under the lock), never answer for another pointer.
     */
    private volatile Cached[] table = new Cached[INITIAL_SLOTS];
    private int count; // guarded by lock
    private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, Shape> shapes = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final ArrayDeque<Cached> clock = new ArrayDeque<>(); // guarded by lock
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
        Cached e = find(table, pointer);
        if (e == null) {
            misses.increment();
            return null;
        }
        if (!e.referenced) {
            e.referenced = true; // written only when clear (hits stay reads); a race with the clock costs a round
        }
        hits.increment();
        return e;
    }

    /**
     * The fields of a light copy in plaintext (either form), read straight into the unmodifiable form a cached copy
     * has: a miss decides on the same kind of map as a hit, and admitting it copies nothing.
     */
    Fields read(byte[] plain) throws java.io.IOException {
        if (plain.length > 0 && (plain[0] & 0xff) == LightCopy.MARKER) {
            LightCopy.Reader r = new LightCopy.Reader(plain, "light copy", this);
            Map<String, Object> fields = r.map();
            r.end();
            return (Fields) fields;
        }
        return freezeMap(LightCopy.parseJson(plain)); // copies stored before the binary form
    }

    /**
     * Keeps {@code fields}, just verified under the notarized {@code pointer}, and returns the unmodifiable form to
     * decide with. With the cache off, returns {@code fields} unchanged and keeps nothing; a copy larger than the
     * whole budget is returned unmodifiable and not kept.
     */
    Map<String, Object> admit(byte[] pointer, Map<String, Object> fields) {
        if (budget == 0) {
            return fields;
        }
        return admit(pointer, fields instanceof Fields f ? f : freezeMap(fields));
    }

    /** {@link #admit(byte[], Map)} of a copy {@link #read} already built: nothing to copy or freeze. */
    Map<String, Object> admit(byte[] pointer, Fields fields) {
        Admissions one = new Admissions(1);
        Map<String, Object> kept = admit(pointer, fields, one);
        flush(one);
        return kept;
    }

    /**
     * Admits {@code fields} into {@code later}, put in the table by {@link #flush} (or when {@code later} is full):
     * a chunk of records takes the lock once, not once per record. Returns the copy to decide with.
     */
    Map<String, Object> admit(byte[] pointer, Fields fields, Admissions later) {
        if (budget == 0) {
            return fields;
        }
        long size = ENTRY_BYTES + estimateFields(fields);
        if (size > budget) {
            return fields;
        }
        Cached e = fields.keyed(pointer); // the copy is its own table entry: one object less to keep per record
        e.size = size;
        if (later.count == later.pending.length) {
            flush(later);
        }
        later.pending[later.count++] = e;
        return e;
    }

    /** Puts the copies admitted into {@code admitted} in the table, under one lock. */
    void flush(Admissions admitted) {
        if (admitted.count == 0) {
            return;
        }
        synchronized (lock) {
            for (int i = 0; i < admitted.count; i++) {
                Cached e = admitted.pending[i];
                admitted.pending[i] = null;
                if (find(table, e.a, e.b, e.c, e.d) != null) {
                    continue; // another thread opened the same record meanwhile (its copy is the same content)
                }
                while (bytes + e.size > budget) {
                    evictOne();
                }
                insert(e);
                clock.addLast(e);
                bytes += e.size;
            }
            admitted.count = 0;
        }
    }

    /** Copies a thread admitted and not yet put in the table. */
    static final class Admissions {
        private final Cached[] pending;
        private int count;

        Admissions(int capacity) {
            pending = new Cached[capacity];
        }
    }

    /**
     * Makes room in the table for {@code records} entries (as many as the budget could hold at most) before a
     * request admits them, so a cold pass grows the table once instead of doubling it, with every entry re-placed,
     * about log2(records / 1,024) times under the lock.
     */
    void expect(int records) {
        if (budget == 0) {
            return;
        }
        synchronized (lock) {
            // the request's records or what the table holds, whichever is more: a warm request (its records
            // already in) does not grow it, and inserts still grow it past this as before
            long wanted = Math.max(count, Math.min(records, budget / MIN_ENTRY_BYTES));
            Cached[] t = table;
            if (2 * wanted <= t.length || wanted > (1 << 29)) {
                return;
            }
            grow(Integer.highestOneBit((int) (2 * wanted - 1)) << 1);
        }
    }

    /** Under the lock: a new table of {@code slots} with every entry re-placed. */
    private void grow(int slots) {
        Cached[] bigger = new Cached[slots];
        for (Cached x : table) {
            if (x != null) {
                place(bigger, x);
            }
        }
        table = bigger; // readers switch at their next lookup; the old array stays valid for them meanwhile
    }

    /** Second chance: a referenced entry at the head goes to the tail with its bit cleared; else it is evicted. */
    private void evictOne() {
        while (true) {
            Cached e = clock.pollFirst();
            if (e == null) {
                throw new IllegalStateException("record cache: " + bytes + " bytes accounted with no entries");
            }
            if (e.referenced) {
                e.referenced = false;
                clock.addLast(e);
            } else {
                remove(e);
                bytes -= e.size;
                evictions++;
                return;
            }
        }
    }

    /** Drops every entry (counters stay): the next request over the same records takes the cold path. */
    public void clear() {
        synchronized (lock) {
            table = new Cached[INITIAL_SLOTS];
            count = 0;
            clock.clear();
            bytes = 0;
        }
    }

    public Stats stats() {
        synchronized (lock) {
            return new Stats(budget, count, bytes, hits.sum(), misses.sum(), evictions);
        }
    }

    @Override
    public String toString() {
        Stats s = stats();
        return "VerifiedRecordCache[" + s.entries() + " entries, ~" + s.estimatedBytes() + " of " + budget + " bytes]";
    }

    // ---- the table

    private static int home(long a, int mask) {
        return (int) (a ^ (a >>> 32)) & mask; // SHA-256 output: any bits are well spread
    }

    /** The entry for {@code pointer} in {@code t}, or null; a bounded probe (a racy view may lack its empty slot). */
    private static Cached find(Cached[] t, byte[] pointer) {
        if (pointer.length != 32) {
            throw new IllegalStateException("record cache: a pointer of " + pointer.length + " bytes, expected 32");
        }
        return find(t, (long) LONGS.get(pointer, 0), (long) LONGS.get(pointer, 8), (long) LONGS.get(pointer, 16),
                (long) LONGS.get(pointer, 24));
    }

    /** The entry whose pointer is (a, b, c, d), comparing all 32 bytes, or null. */
    private static Cached find(Cached[] t, long a, long b, long c, long d) {
        int mask = t.length - 1;
        int i = home(a, mask);
        for (int probes = 0; probes < t.length; probes++) {
            Cached e = t[i];
            if (e == null) {
                return null;
            }
            if (e.a == a && e.b == b && e.c == c && e.d == d) {
                return e;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Under the lock; e's key is not in the table. */
    private void insert(Cached e) {
        if (2 * (count + 1) > table.length) {
            grow(2 * table.length);
        }
        place(table, e);
        count++;
    }

    private static void place(Cached[] t, Cached e) {
        int mask = t.length - 1;
        int i = home(e.a, mask);
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = e;
    }

    /** Under the lock: removes e and shifts the entries after it back so every probe still reaches them. */
    private void remove(Cached e) {
        Cached[] t = table;
        int mask = t.length - 1;
        int i = home(e.a, mask);
        while (t[i] != e) {
            if (t[i] == null) {
                throw new IllegalStateException("record cache: an entry on the clock is not in the table");
            }
            i = (i + 1) & mask;
        }
        t[i] = null;
        for (int j = (i + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int h = home(t[j].a, mask);
            // t[j] may move to the hole at i unless its home lies cyclically in (i, j]
            boolean stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
            if (!stays) {
                t[i] = t[j];
                t[j] = null;
                i = j;
            }
        }
        count--;
    }

    // ---- immutable values

    private Fields freezeMap(Map<?, ?> m) {
        String[] keys = new String[m.size()];
        Object[] values = new Object[m.size()];
        int i = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            keys[i] = name(String.valueOf(e.getKey()));
            values[i++] = freeze(e.getValue());
        }
        Shape shape = shape(keys);
        if (shape == null) {
            throw new IllegalStateException("record cache: a map with keys that read as the same name");
        }
        return new Fields(shape, values);
    }

    /**
     * The copy of {@code values} under {@code keys} ({@link LightCopy.Reader} read both, values already
     * unmodifiable). A repeated name keeps its last value, as a map read from the same bytes would.
     */
    Fields fields(String[] keys, Object[] values) {
        Shape shape = shape(keys);
        if (shape != null) {
            return new Fields(shape, values);
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            m.put(keys[i], values[i]);
        }
        return freezeMap(m);
    }

    /** The shape the last copy had if it has {@code n} names (a reader's guess for the next copy), or null. */
    Shape lastShape(int n) {
        Shape last = lastShape;
        return last != null && last.names.length == n ? last : null;
    }

    /**
     * The shared shape of these names in this order (a bounded table: past it, a shape of the copy's own); null if
     * a name repeats.
     */
    private Shape shape(String[] keys) {
        Shape last = lastShape;
        if (last != null && last.sameNames(keys)) {
            return last; // records of one structure mostly share their shape
        }
        Shape found = lookUpShape(keys);
        if (found != null) {
            lastShape = found;
        }
        return found;
    }

    private volatile Shape lastShape;

    private Shape lookUpShape(String[] keys) {
        List<String> list = List.of(keys);
        Shape known = shapes.get(list);
        if (known != null) {
            return known;
        }
        if (new java.util.HashSet<>(list).size() != keys.length) {
            return null;
        }
        boolean own = shapes.size() >= MAX_SHAPES;
        long nameBytes = 0; // what each copy holds of the names: all of them if the shape is its own, else those not interned
        for (String k : keys) {
            if (own || names.get(k) != k) {
                nameBytes += estimateString(k);
            }
        }
        Shape fresh = new Shape(keys, own, nameBytes);
        if (own) {
            return fresh;
        }
        known = shapes.putIfAbsent(list, fresh);
        return known != null ? known : fresh;
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
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number && isImmutableNumber(v)) {
            return v;
        }
        // LightCopy reads only the types above; anything else is a bug here, not a reason to share a mutable value
        throw new IllegalStateException("record cache: a light copy holds a " + v.getClass().getName());
    }

    private static boolean isImmutableNumber(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger || v instanceof BigDecimal
                || v instanceof Double || v instanceof Float || v instanceof Short || v instanceof Byte;
    }

    /**
     * The string of {@code len} UTF-8 bytes of {@code in} at {@code at}, shared between copies if it is short and
     * ASCII: decision fields are mostly categorical ("ward": three values over 100k records), and a shared value is
     * neither allocated per copy nor kept apart by the collector. A slot is filled once and never replaced (so an
     * estimate that counted a value as shared stays right); a value whose slot holds another is the copy's own.
     */
    String value(byte[] in, int at, int len) {
        if (len > MAX_SHARED_VALUE) {
            return new String(in, at, len, StandardCharsets.UTF_8);
        }
        int h = 0;
        for (int i = at; i < at + len; i++) {
            if (in[i] < 0) {
                return new String(in, at, len, StandardCharsets.UTF_8); // not ASCII
            }
            h = 31 * h + in[i]; // String.hashCode of the same ASCII text, so an estimate finds the slot again
        }
        int slot = valueSlot(h);
        SharedValue known = sharedValues.get(slot);
        if (known != null) {
            return Arrays.equals(known.ascii, 0, known.ascii.length, in, at, at + len) ? known.string
                    : new String(in, at, len, StandardCharsets.US_ASCII);
        }
        String fresh = new String(in, at, len, StandardCharsets.US_ASCII);
        sharedValues.compareAndSet(slot, null, new SharedValue(Arrays.copyOfRange(in, at, at + len), fresh));
        return fresh; // if another thread filled the slot meanwhile, this one is the copy's own (and counted)
    }

    private static int valueSlot(int hash) {
        return (hash ^ (hash >>> 16)) & (VALUE_SLOTS - 1);
    }

    /** Whether {@code s} is a shared value (then no copy counts it). */
    private boolean shared(String s) {
        if (s.length() > MAX_SHARED_VALUE) {
            return false;
        }
        SharedValue v = sharedValues.get(valueSlot(s.hashCode()));
        return v != null && v.string == s;
    }

    private record SharedValue(byte[] ascii, String string) {
    }

    /** The interned {@code n} (bounded: past {@link #MAX_NAMES}, {@code n} itself). */
    String name(String n) {
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

    /**
     * What a cached copy adds to its map (24 B, counted by {@link #estimateFields}): the key's four longs, size and
     * bit (40 B), its table slots (2-4) and its clock slot.
     */
    static final long ENTRY_BYTES = 40 + 16 + 8;

    /** The smallest entry: {@link #ENTRY_BYTES} and a copy without fields. */
    private static final long MIN_ENTRY_BYTES = ENTRY_BYTES + 24 + 16;

    private long estimateFields(Fields f) {
        long n = 24 + align(16 + 4L * f.values.length) + f.shape.perCopyBytes;
        for (Object v : f.values) {
            n += estimate(v);
        }
        return n;
    }

    private long estimate(Object v) {
        if (v == null || v instanceof Boolean) {
            return 0;
        }
        if (v instanceof String s) {
            return shared(s) ? 0 : estimateString(s);
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
        if (v instanceof Fields f) {
            return estimateFields(f);
        }
        if (v instanceof List<?> l) {
            long n = 24 + 24 + align(16 + 4L * l.size()); // unmodifiable wrapper, ArrayList, its array
            for (Object o : l) {
                n += estimate(o);
            }
            return n;
        }
        return 64;
    }

    private static long estimateString(String s) {
        int width = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 255) {
                width = 2;
                break;
            }
        }
        return 24 + align(16 + (long) s.length() * width);
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Field names in order, shared by every copy with the same names (the structure's decision fields). */
    static final class Shape {
        final String[] names;
        private final byte[][] utf8; // the names as a light copy stores them
        private final Map<String, Integer> positions; // for wide copies only; a scan is faster on a few names
        /** What each copy of this shape holds of it on its own: names not interned, all of it if not shared. */
        private final long perCopyBytes;

        Shape(String[] names, boolean own, long nameBytes) {
            this.names = names;
            this.utf8 = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                utf8[i] = names[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            if (names.length > 8) {
                Map<String, Integer> p = new java.util.HashMap<>();
                for (int i = 0; i < names.length; i++) {
                    p.putIfAbsent(names[i], i);
                }
                positions = p;
            } else {
                positions = null;
            }
            this.perCopyBytes = nameBytes + (own ? bytes() : 0);
        }

        /** Whether name {@code i} is the {@code len} UTF-8 bytes of {@code in} at {@code at}. */
        boolean sameName(int i, byte[] in, int at, int len) {
            return java.util.Arrays.equals(in, at, at + len, utf8[i], 0, utf8[i].length);
        }

        int indexOf(Object key) {
            for (int i = 0; i < names.length; i++) { // identity first: callers often pass the interned name
                if (names[i] == key) {
                    return i;
                }
            }
            if (positions != null) {
                Integer p = positions.get(key);
                return p == null ? -1 : p;
            }
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        /** Whether {@code keys} are this shape's names (interned ones compare by identity, others by equals). */
        boolean sameNames(String[] keys) {
            if (keys.length != names.length) {
                return false;
            }
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != names[i] && !keys[i].equals(names[i])) {
                    return false;
                }
            }
            return true;
        }

        long bytes() {
            return 24 + align(16 + 4L * names.length) + (positions == null ? 0 : 64 + 48L * names.length);
        }
    }

    /**
     * A cached copy, its own table entry (one object less to keep per record): its pointer as four longs (no array
     * to follow on a lookup; SHA-256 output, so the first bits are a well-spread hash), its estimated size and its
     * CLOCK bit.
     */
    private static final class Cached extends Fields {
        private final long a;
        private final long b;
        private final long c;
        private final long d;
        private long size; // set under the lock before the copy is published in the table
        private volatile boolean referenced;

        Cached(Shape shape, Object[] values, byte[] pointer) {
            super(shape, values);
            if (pointer.length != 32) {
                throw new IllegalStateException("record cache: a pointer of " + pointer.length + " bytes, expected 32");
            }
            this.a = (long) LONGS.get(pointer, 0);
            this.b = (long) LONGS.get(pointer, 8);
            this.c = (long) LONGS.get(pointer, 16);
            this.d = (long) LONGS.get(pointer, 24);
        }
    }

    /**
     * A verified light copy: an unmodifiable map of its shape's names to values (nulls allowed, order kept); half
     * the size of a LinkedHashMap of a few fields and one pointer less to follow per lookup.
     */
    static class Fields extends AbstractMap<String, Object> {
        private final Shape shape;
        private final Object[] values;

        private Fields(Shape shape, Object[] values) {
            this.shape = shape;
            this.values = values;
        }

        /** This copy keyed by {@code pointer} (the same values, shared: they are unmodifiable). */
        Cached keyed(byte[] pointer) {
            return new Cached(shape, values, pointer);
        }

        @Override
        public Object get(Object key) {
            int i = shape.indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return shape.indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        int at;

                        @Override
                        public boolean hasNext() {
                            return at < values.length;
                        }

                        @Override
                        public Map.Entry<String, Object> next() {
                            if (at >= values.length) {
                                throw new java.util.NoSuchElementException();
                            }
                            int i = at++;
                            return new AbstractMap.SimpleImmutableEntry<>(shape.names[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return values.length;
                }
            };
        }
    }
}
