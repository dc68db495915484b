package io.coalition.eventlog;

import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, ordered set of attributes with unique keys: the attributes of a log, trace or event.
 *
 * <p>Storage is compact: two arrays, keys and values. The key array is shared by every attribute set with
 * the same keys in the same order (see {@link StringPool#keys}), so an event costs one small value array, not
 * a hash map. A plain value (string, date, int, float, boolean, id without nested attributes) is stored as
 * itself; only composite values and attributes with nested attributes are stored as {@link Attribute}.
 *
 * <p>Equality is that of a map from key to (type, value, nested attributes): the order of keys is kept
 * for writing but does not affect {@link #equals}.
 */
public final class Attributes implements Iterable<Attribute> {

    private static final String[] NO_KEYS = new String[0];
    private static final Object[] NO_VALUES = new Object[0];

    /** The empty attribute set. */
    public static final Attributes EMPTY = new Attributes(NO_KEYS, NO_VALUES);

    private final String[] keys;
    private final Object[] values;

    private Attributes(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** A builder for an attribute set. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder that shares key arrays and strings through {@code pool} (used by readers). */
    public static Builder builder(StringPool pool) {
        return new Builder(pool);
    }

    /** An attribute set of the given key/value pairs, types inferred from the values' Java types. */
    public static Attributes of(Object... keyValuePairs) {
        if (keyValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("expected key/value pairs, got an odd number of arguments");
        }
        Builder b = builder();
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            b.put((String) keyValuePairs[i], keyValuePairs[i + 1]);
        }
        return b.build();
    }

    public int size() {
        return keys.length;
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    private int indexOf(String key) {
        String[] k = keys;
        for (int i = 0; i < k.length; i++) {
            if (k[i] == key) return i;
        }
        for (int i = 0; i < k.length; i++) {
            if (k[i].equals(key)) return i;
        }
        return -1;
    }

    public boolean containsKey(String key) {
        return indexOf(key) >= 0;
    }

    /** The keys in insertion order. */
    public List<String> keys() {
        return List.of(keys);
    }

    /**
     * The value of {@code key} (of its type's {@link AttributeType#javaType()}), or {@code null} if absent.
     */
    public Object get(String key) {
        int i = indexOf(key);
        if (i < 0) return null;
        Object v = values[i];
        return v instanceof Attribute ? ((Attribute) v).value() : v;
    }

    /** The type of {@code key}'s value, or {@code null} if absent. */
    public AttributeType type(String key) {
        int i = indexOf(key);
        return i < 0 ? null : typeAt(i);
    }

    private AttributeType typeAt(int i) {
        Object v = values[i];
        return v instanceof Attribute ? ((Attribute) v).type() : AttributeType.ofPlainValue(v);
    }

    /** The whole attribute for {@code key} (with nested attributes), or {@code null} if absent. */
    public Attribute attribute(String key) {
        int i = indexOf(key);
        return i < 0 ? null : attributeAt(i);
    }

    private Attribute attributeAt(int i) {
        Object v = values[i];
        return v instanceof Attribute ? (Attribute) v : new Attribute(keys[i], AttributeType.ofPlainValue(v), v, EMPTY);
    }

    /** The string value of {@code key}, or {@code null} if absent or not a string. */
    public String getString(String key) {
        Object v = get(key);
        return v instanceof String ? (String) v : null;
    }

    /** The date value of {@code key}, or {@code null} if absent or not a date. */
    public Instant getDate(String key) {
        Object v = get(key);
        return v instanceof Instant ? (Instant) v : null;
    }

    /** The value of {@code key} as text (dates in ISO-8601), or {@code null} if absent. */
    public String getText(String key) {
        Object v = get(key);
        if (v == null) return null;
        return v instanceof Attributes || v instanceof List ? null : v.toString();
    }

    @Override
    public Iterator<Attribute> iterator() {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < keys.length;
            }

            @Override
            public Attribute next() {
                if (i >= keys.length) throw new NoSuchElementException();
                return attributeAt(i++);
            }
        };
    }

    /** The attributes as a list, in insertion order. */
    public List<Attribute> asList() {
        return new AbstractList<>() {
            @Override
            public Attribute get(int index) {
                Objects.checkIndex(index, keys.length);
                return attributeAt(index);
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    /** A builder holding these attributes, to derive a changed copy. */
    public Builder toBuilder() {
        Builder b = builder();
        for (int i = 0; i < keys.length; i++) {
            b.putRaw(keys[i], values[i]);
        }
        return b;
    }

    /** The attributes whose keys are in {@code keep}, in their current order. */
    public Attributes retain(Set<String> keep) {
        Builder b = builder();
        for (int i = 0; i < keys.length; i++) {
            if (keep.contains(keys[i])) b.putRaw(keys[i], values[i]);
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Attributes)) return false;
        Attributes other = (Attributes) o;
        if (other.keys.length != keys.length) return false;
        for (int i = 0; i < keys.length; i++) {
            int j = other.indexOf(keys[i]);
            if (j < 0 || !attributeAt(i).equals(other.attributeAt(j))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < keys.length; i++) {
            h += attributeAt(i).hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(keys[i]).append('=');
            Object v = values[i];
            sb.append(v instanceof Attribute ? ((Attribute) v).value() : v);
        }
        return sb.append('}').toString();
    }

    /** Builds an {@link Attributes}; {@code put} of an existing key replaces its value in place. */
    public static final class Builder {
        private final StringPool pool;
        private String[] keys = new String[8];
        private Object[] values = new Object[8];
        private int size;

        private Builder(StringPool pool) {
            this.pool = pool;
        }

        /** Puts a plain value, typed by its Java type (String, Instant, Long, Double, Boolean, UUID). */
        public Builder put(String key, Object value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value of " + key);
            if (AttributeType.ofPlainValue(value) != null) {
                return putRaw(key, value);
            }
            if (value instanceof Integer) {
                return putRaw(key, ((Integer) value).longValue());
            }
            return put(Attribute.of(key, value));
        }

        /** Puts a whole attribute, with its nested attributes. */
        public Builder put(Attribute attribute) {
            return putRaw(attribute.key(), attribute.isPlain() ? attribute.value() : attribute);
        }

        Builder putRaw(String key, Object value) {
            if (pool != null) {
                // pooled keys are interned, so identity is equality: no character comparisons on the hot path
                key = pool.key(key);
                for (int i = 0; i < size; i++) {
                    if (keys[i] == key) {
                        values[i] = value;
                        return this;
                    }
                }
            } else {
                for (int i = 0; i < size; i++) {
                    if (keys[i].equals(key)) {
                        values[i] = value;
                        return this;
                    }
                }
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size] = value;
            size++;
            return this;
        }

        public boolean containsKey(String key) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) return true;
            }
            return false;
        }

        public Builder remove(String key) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    System.arraycopy(keys, i + 1, keys, i, size - i - 1);
                    System.arraycopy(values, i + 1, values, i, size - i - 1);
                    size--;
                    keys[size] = null;
                    values[size] = null;
                    return this;
                }
            }
            return this;
        }

        public int size() {
            return size;
        }

        /** Builds the set; the builder is then reset and can be reused. */
        public Attributes build() {
            if (size == 0) return EMPTY;
            String[] k = pool != null ? pool.keys(keys, size) : internKeys(Arrays.copyOf(keys, size));
            Object[] v = Arrays.copyOf(values, size);
            Arrays.fill(keys, 0, size, null);
            Arrays.fill(values, 0, size, null);
            size = 0;
            return new Attributes(k, v);
        }

        private static String[] internKeys(String[] k) {
            for (int i = 0; i < k.length; i++) k[i] = k[i].intern();
            return k;
        }
    }
}
