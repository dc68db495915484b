package io.coalition.eventlog;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Deduplicates the strings and key arrays of one log while it is read or built.
 *
 * <p>Logs repeat a few activity names, resources and key sets millions of times; sharing one instance of
 * each keeps a loaded log small. The pool belongs to one reader (not static), stops taking new values
 * after {@code maxValues} distinct strings so that a log of unique values cannot grow it without bound,
 * and can be dropped once the log is built. Not thread-safe.
 */
public final class StringPool {
    private static final int DEFAULT_MAX_VALUES = 1 << 20;
    private static final int MAX_POOLED_LENGTH = 256;

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> internedKeys = new HashMap<>();
    private final Map<KeyShape, String[]> shapes = new HashMap<>();
    private final int maxValues;
    private String[] lastShape;

    public StringPool() {
        this(DEFAULT_MAX_VALUES);
    }

    public StringPool(int maxValues) {
        this.maxValues = maxValues;
    }

    /** The pooled instance equal to {@code s}. */
    public String value(String s) {
        if (s.length() > MAX_POOLED_LENGTH) return s;
        String pooled = values.get(s);
        if (pooled != null) return pooled;
        if (values.size() < maxValues) values.put(s, s);
        return s;
    }

    /** An attribute key: keys are interned JVM-wide so that lookups with literals hit the identity check. */
    public String key(String k) {
        String interned = internedKeys.get(k);
        if (interned == null) {
            interned = k.intern();
            internedKeys.put(interned, interned);
        }
        return interned;
    }

    /** The shared array equal to {@code keys[0..n)}, whose elements are interned keys. */
    String[] keys(String[] keys, int n) {
        // consecutive events mostly share their key set: check the last shape before hashing
        String[] last = lastShape;
        if (last != null && last.length == n && sameKeys(last, keys, n)) return last;
        KeyShape probe = new KeyShape(keys, n);
        String[] shared = shapes.get(probe);
        if (shared == null) {
            shared = Arrays.copyOf(keys, n);
            for (int i = 0; i < n; i++) shared[i] = shared[i].intern();
            shapes.put(new KeyShape(shared, n), shared);
        }
        lastShape = shared;
        return shared;
    }

    private static boolean sameKeys(String[] shared, String[] keys, int n) {
        for (int i = 0; i < n; i++) {
            if (shared[i] != keys[i] && !shared[i].equals(keys[i])) return false;
        }
        return true;
    }

    private static final class KeyShape {
        private final String[] keys;
        private final int n;
        private final int hash;

        KeyShape(String[] keys, int n) {
            this.keys = keys;
            this.n = n;
            int h = 1;
            for (int i = 0; i < n; i++) h = 31 * h + keys[i].hashCode();
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof KeyShape)) return false;
            KeyShape other = (KeyShape) o;
            return other.n == n && Arrays.equals(keys, 0, n, other.keys, 0, n);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
