package io.coalition.decisions.ccu;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record's light copy in plaintext (it is stored encrypted): the CCU reads one per record per decision, so it
 * has a compact binary form, read without a JSON parser. Copies stored before that form existed are JSON objects
 * and are still read.
 *
 * <p>Binary form: the marker byte {@code 0xC1} (never the first byte of UTF-8 JSON), then a map. A map is a count
 * and that many (name, value) pairs; counts and lengths are unsigned LEB128 varints; a name or a string is its
 * UTF-8 length and bytes. A value is a tag and its content: {@code 0} null, {@code 1} false, {@code 2} true,
 * {@code 3} int (zigzag varint), {@code 4} long (8 bytes, big-endian), {@code 5} big integer (length, two's
 * complement bytes), {@code 6} decimal (zigzag scale, then the unscaled value as a big integer), {@code 7}
 * string, {@code 8} map, {@code 9} list (count, values).
 *
 * <p>Both forms read back to the same values: what the CCU's JSON reading of the submission gives (integers as
 * the smallest of Integer/Long/BigInteger, other numbers as BigDecimal, objects as LinkedHashMap, arrays as
 * ArrayList). {@link #write} normalises other Java values as a JSON round trip would (a Double becomes the
 * BigDecimal of its decimal text, a BigDecimal without a fraction an integer) and falls back to JSON for a value
 * it has no tag for, so a record reads back the same whichever form it got.
 */
final class LightCopy {
    static final int MARKER = 0xC1;
    private static final JsonFactory JSON = new JsonFactory();
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private LightCopy() {
    }

    /** The binary form of {@code fields}, or their JSON ({@code json}) if a value has no binary tag. */
    static byte[] write(Map<String, Object> fields, java.util.function.Function<Object, byte[]> json) {
        Out out = new Out();
        out.write(MARKER);
        return map(out, fields) ? out.toByteArray() : json.apply(fields);
    }

    /** The fields of a light copy in either form; {@link IOException} says where it is malformed. */
    static Map<String, Object> parse(byte[] copy) throws IOException {
        if (copy.length > 0 && (copy[0] & 0xff) == MARKER) {
            Reader r = new Reader(copy, "light copy");
            Map<String, Object> fields = r.map();
            r.end();
            return fields;
        }
        return parseJson(copy);
    }

    // ---- writing

    static boolean map(Out out, Map<?, ?> m) {
        out.varint(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                return false;
            }
            out.string(name);
            if (!value(out, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code v} with its tag; false if it has none (the caller then writes JSON instead). */
    static boolean value(Out out, Object v) {
        if (v == null) {
            out.write(0);
        } else if (v instanceof Boolean b) {
            out.write(b ? 2 : 1);
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            integer(out, ((Number) v).longValue());
        } else if (v instanceof Long l) {
            integer(out, l);
        } else if (v instanceof BigInteger b) {
            integer(out, b);
        } else if (v instanceof BigDecimal d) {
            if (d.scale() == 0) {
                integer(out, d.unscaledValue()); // JSON writes it without a fraction: it reads back as an integer
            } else {
                out.write(6);
                out.varint(zigzag(d.scale()));
                byte[] unscaled = d.unscaledValue().toByteArray();
                out.varint(unscaled.length);
                out.write(unscaled, 0, unscaled.length);
            }
        } else if (v instanceof Double d) {
            return Double.isFinite(d) && value(out, new BigDecimal(Double.toString(d)));
        } else if (v instanceof Float f) {
            return Float.isFinite(f) && value(out, new BigDecimal(Float.toString(f)));
        } else if (v instanceof String s) {
            out.write(7);
            out.string(s);
        } else if (v instanceof Map<?, ?> m) {
            out.write(8);
            return map(out, m);
        } else if (v instanceof Collection<?> c) {
            out.write(9);
            out.varint(c.size());
            for (Object item : c) {
                if (!value(out, item)) {
                    return false;
                }
            }
        } else {
            return false;
        }
        return true;
    }

    static void integer(Out out, long v) {
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(3);
            out.varint(zigzag((int) v));
        } else {
            out.write(4);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (v >>> shift));
            }
        }
    }

    private static void integer(Out out, BigInteger b) {
        if (b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0) {
            integer(out, b.longValue());
        } else {
            byte[] bytes = b.toByteArray();
            out.write(5);
            out.varint(bytes.length);
            out.write(bytes, 0, bytes.length);
        }
    }

    private static int zigzag(int v) {
        return (v << 1) ^ (v >> 31);
    }

    /** The binary form being written. */
    static final class Out extends ByteArrayOutputStream {
        Out() {
            super(64);
        }

        Out(int size) {
            super(size);
        }

        // ByteArrayOutputStream's writes are synchronized (a lock per byte); one thread writes an Out, and an
        // outcome writes several bytes per record (issue 7)
        @Override
        public void write(int b) {
            if (count == buf.length) {
                buf = Arrays.copyOf(buf, Math.max(16, buf.length * 2));
            }
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (count + len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(count + len, buf.length * 2));
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        void varint(int v) {
            while ((v & ~0x7f) != 0) {
                write((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            write(v);
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            write(b, 0, b.length);
        }
    }

    // ---- reading the binary form

    /** Reads the binary form; every malformation is an {@link IOException} naming the byte offset. */
    static final class Reader {
        private final byte[] in;
        private final String what;
        private final VerifiedRecordCache compact; // null: plain LinkedHashMaps and ArrayLists
        private int at = 1; // after the marker

        /** {@code what} starts every error message ("light copy", "decision outcome"). */
        Reader(byte[] in, String what) {
            this(in, what, null);
        }

        /**
         * Reads maps straight into {@code compact}'s unmodifiable form (and lists unmodifiable): a cached copy is
         * built once, with no intermediate map to freeze (issue 7).
         */
        Reader(byte[] in, String what, VerifiedRecordCache compact) {
            this.in = in;
            this.what = what;
            this.compact = compact;
        }

        /** Where reading is: after the last value read. */
        int at() {
            return at;
        }

        /** Refuses anything after the last value read. */
        void end() throws IOException {
            if (at != in.length) {
                throw new IOException(what + ": " + (in.length - at) + " bytes after the record at byte " + at);
            }
        }

        Map<String, Object> map() throws IOException {
            if (compact != null) {
                return compactMap();
            }
            int n = count();
            Map<String, Object> m = new LinkedHashMap<>(n < 12 ? 16 : (int) (n / 0.75f) + 1);
            for (int i = 0; i < n; i++) {
                String name = string();
                m.put(name, value());
            }
            return m;
        }

        /**
         * A map in the cache's form: a name equal (as UTF-8 bytes) to the one at its position in the last shape
         * read is that shape's interned string, so records of one structure allocate no names.
         */
        private Map<String, Object> compactMap() throws IOException {
            int n = count();
            String[] names = new String[n];
            Object[] values = new Object[n];
            VerifiedRecordCache.Shape known = compact.lastShape(n);
            for (int i = 0; i < n; i++) {
                int len = varint();
                need(len);
                if (known != null && known.sameName(i, in, at, len)) {
                    names[i] = known.names[i];
                } else {
                    known = null;
                    names[i] = compact.name(new String(in, at, len, StandardCharsets.UTF_8));
                }
                at += len;
                values[i] = value();
            }
            return compact.fields(names, values);
        }

        Object value() throws IOException {
            int tagAt = at;
            return switch (next()) {
                case 0 -> null;
                case 1 -> Boolean.FALSE;
                case 2 -> Boolean.TRUE;
                case 3 -> {
                    int z = bits32();
                    yield (z >>> 1) ^ -(z & 1);
                }
                case 4 -> {
                    need(8);
                    long v = 0;
                    for (int i = 0; i < 8; i++) {
                        v = (v << 8) | (in[at++] & 0xff);
                    }
                    yield v;
                }
                case 5 -> big();
                case 6 -> {
                    int z = bits32();
                    yield new BigDecimal(big(), (z >>> 1) ^ -(z & 1));
                }
                case 7 -> compact == null ? string() : sharedString();
                case 8 -> map();
                case 9 -> {
                    int n = count();
                    List<Object> items = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        items.add(value());
                    }
                    yield compact == null ? items : java.util.Collections.unmodifiableList(items);
                }
                default -> throw new IOException(what + ": unknown value tag " + (in[tagAt] & 0xff) + " at byte " + tagAt);
            };
        }

        BigInteger big() throws IOException {
            int n = varint();
            if (n == 0) {
                throw new IOException(what + ": empty big integer at byte " + at);
            }
            need(n);
            BigInteger b = new BigInteger(in, at, n);
            at += n;
            return b;
        }

        /** A length and that many bytes. */
        byte[] bytes() throws IOException {
            int n = varint();
            need(n);
            byte[] b = Arrays.copyOfRange(in, at, at + n);
            at += n;
            return b;
        }

        String string() throws IOException {
            int n = varint();
            need(n);
            String s = new String(in, at, n, StandardCharsets.UTF_8);
            at += n;
            return s;
        }

        /** A string value, shared between copies where the cache shares it. */
        private String sharedString() throws IOException {
            int n = varint();
            need(n);
            String s = compact.value(in, at, n);
            at += n;
            return s;
        }

        /** A count of items that each take at least one byte: larger than what is left is malformed. */
        int count() throws IOException {
            int n = varint();
            need(n);
            return n;
        }

        /** A length or count: a varint below 2^31. */
        int varint() throws IOException {
            int start = at;
            int v = bits32();
            if (v < 0) {
                throw new IOException(what + ": bad length at byte " + start);
            }
            return v;
        }

        /** An unsigned varint of at most 32 bits (zigzag numbers use all of them). */
        private int bits32() throws IOException {
            int start = at;
            int v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = next();
                if (shift == 28 && b > 0x0f) {
                    break;
                }
                v |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IOException(what + ": bad varint at byte " + start);
        }

        private int next() throws IOException {
            need(1);
            return in[at++] & 0xff;
        }

        /**
         * Reads a length-prefixed byte string into {@code dest} at {@code off}, growing it if needed; returns the
         * array holding the bytes (dest or a larger copy) and sets {@link #lastLength}.
         */
        byte[] bytesInto(byte[] dest, int off) throws IOException {
            int n = varint();
            need(n);
            if (off + n > dest.length) {
                dest = Arrays.copyOf(dest, Math.max(off + n, 2 * dest.length));
            }
            System.arraycopy(in, at, dest, off, n);
            at += n;
            lastLength = n;
            return dest;
        }

        /** The length of the byte string {@link #bytesInto} read last. */
        int lastLength;

        private void need(int n) throws IOException {
            if (n > in.length - at) {
                throw new IOException(what + ": truncated at byte " + at + " (" + n + " more bytes expected, "
                        + (in.length - at) + " left)");
            }
        }
    }

    // ---- reading the JSON form (copies stored before the binary form)

    /** Reads straight from Jackson's token stream, without data binding; a repeated key keeps its last value. */
    static Map<String, Object> parseJson(byte[] json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "expected a JSON object");
            }
            Map<String, Object> fields = object(p);
            if (p.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "trailing content after the object");
            }
            return fields;
        }
    }

    static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            fields.put(name, value(p, p.nextToken()));
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "expected a field name or '}'");
        }
        return fields;
    }

    static Object value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input");
        }
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> object(p);
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                JsonToken item;
                while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(p, item));
                }
                yield items;
            }
            default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected token " + t);
        };
    }
}
