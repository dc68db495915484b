package io.coalition.trustedmining;

import io.coalition.eventlog.Attribute;
import io.coalition.eventlog.AttributeType;
import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Event;
import io.coalition.eventlog.StringPool;
import io.coalition.eventlog.XesKeys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.coalition.trustedmining.SealedMessage.readString;
import static io.coalition.trustedmining.SealedMessage.writeString;

/**
 * Plaintext of index and segment messages. A segment is a list of chunks (case id, events); an oversized trace
 * is split into chunks of consecutive events in consecutive segments, so no trace is dropped (CONFINE drops them).
 * Only plain attribute values are encoded; the usage policy has removed everything else before.
 */
final class SegmentCodec {
    private static final int INDEX_MAGIC = 0x43544932; // "CTI2"
    private static final int SEGMENT_MAGIC = 0x43545333; // "CTS3"

    /** A run of consecutive events of one case; {@code caseEvents} is the case's whole size at this provider. */
    record Chunk(String caseId, int caseEvents, List<Event> events) {
    }

    private SegmentCodec() {
    }

    /**
     * The canonical case order every party computes from the merge key alone: ascending Unicode code points of the
     * case id, which is the order of its UTF-8 bytes (String.compareTo compares UTF-16 units, which differs for
     * characters above U+FFFF). Providers serve their cases in this order, so the miner merges them like sorted runs.
     */
    static int compareKeys(String a, String b) {
        return io.coalition.trustedmining.ems.CanonicalOrder.compare(a, b);
    }

    /**
     * The case index as the session's first message (format "CTI2"): not the list of cases but its summary, the
     * number of cases and events and the SHA-256 of the list in canonical order ({@link #indexDigest}). The list
     * itself travels in the segments (every chunk names its case's size), so the miner checks it case by case as
     * the segments arrive and holds nothing per case; at the end of a provider's stream the cases and sizes it
     * listed must hash to this digest.
     */
    record IndexSummary(int cases, long events, byte[] digest) {
    }

    static byte[] encodeIndex(IndexSummary index) {
        Bytes out = new Bytes(48);
        out.int32(INDEX_MAGIC);
        out.int32(index.cases());
        out.int64(index.events());
        for (byte b : index.digest()) out.int8(b);
        return out.toArray();
    }

    static IndexSummary decodeIndex(byte[] bytes, String where) {
        In in = new In(bytes, where);
        expectMagic(in.int32(), INDEX_MAGIC, where);
        int cases = in.count("case count");
        long events = in.int64();
        if (events < 0) throw new TrustedMiningException(where + ": " + events + " events");
        byte[] digest = in.bytes(32, "index digest");
        if (in.remaining() > 0) throw new TrustedMiningException(where + ": " + in.remaining() + " unexpected trailing bytes");
        return new IndexSummary(cases, events, digest);
    }

    /** Feeds one index entry (case id, events) to the running digest of a case index in canonical order. */
    static void indexEntry(java.security.MessageDigest digest, String caseId, int events) {
        byte[] id = caseId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        digest.update(new byte[]{(byte) (id.length >>> 24), (byte) (id.length >>> 16), (byte) (id.length >>> 8), (byte) id.length});
        digest.update(id);
        digest.update(new byte[]{(byte) (events >>> 24), (byte) (events >>> 16), (byte) (events >>> 8), (byte) events});
    }

    /**
     * Writes one segment (format "CTS3"): magic, chunk count; per chunk the case id, the case's size at this
     * provider (its index entry, repeated in every chunk of a split case) and the chunk's event count; per event
     * its attributes as (key, type, value). Attribute keys and string values go through a dictionary of the
     * segment (first use inline, later uses a varint code): a log repeats a few activity names and keys in every
     * event. Timestamps are varint deltas of epoch seconds plus a varint nano field; integers are zigzag varints.
     * A writer made with {@code bytes = false} only counts, so the provider plans segments with exact sizes.
     */
    static final class Writer {
        private final Map<String, Integer> dictionary = new HashMap<>();
        private final Bytes out;
        private int size;
        private int chunks;
        private int chunkCountAt = -1;
        private int chunkEvents;
        private long previousSecond;

        Writer(boolean bytes) {
            this.out = bytes ? new Bytes(16 * 1024) : null;
            if (out != null) {
                out.int32(SEGMENT_MAGIC);
                out.int32(0); // chunk count, patched by finish
            }
            size = 8;
        }

        /** Bytes written so far. */
        int size() {
            return size;
        }

        /** Bytes a new chunk for {@code caseId} adds besides its events. */
        static int chunkOverhead(String caseId) {
            int n = utf8Length(caseId);
            return varintLength(n) + n + 8;
        }

        /** Starts a chunk of case {@code caseId}, whose size at this provider is {@code caseEvents}. */
        void startChunk(String caseId, int caseEvents) {
            endChunk();
            chunks++;
            size += chunkOverhead(caseId);
            if (out != null) {
                out.string(caseId);
                out.int32(caseEvents);
                chunkCountAt = out.length();
                out.int32(0);
            }
            chunkEvents = 0;
        }

        /** Bytes {@link #event} would add now (an upper bound when a new string occurs twice in the event). */
        int eventSize(Event e) {
            Attributes a = e.attributes();
            int n = varintLength(a.size());
            for (Attribute at : a) {
                n += refSize(at.key()) + 1;
                n += switch (at.type()) {
                    case STRING -> refSize((String) at.value());
                    case DATE -> {
                        Instant t = (Instant) at.value();
                        yield varintLength(zigzag(t.getEpochSecond() - previousSecond)) + varintLength(t.getNano());
                    }
                    case INT -> varintLength(zigzag((Long) at.value()));
                    case FLOAT -> 8;
                    case BOOLEAN -> 1;
                    case ID -> 16;
                    default -> throw new IllegalStateException("composite attribute " + at.key() + " reached the codec");
                };
            }
            return n;
        }

        void event(Event e) {
            int before = out == null ? 0 : out.length();
            int counted = out == null ? eventSize(e) : 0;
            Attributes a = e.attributes();
            if (out != null) out.varint(a.size());
            for (Attribute at : a) {
                ref(at.key());
                if (out != null) out.int8(at.type().ordinal());
                switch (at.type()) {
                    case STRING -> ref((String) at.value());
                    case DATE -> {
                        Instant t = (Instant) at.value();
                        if (out != null) {
                            out.varint(zigzag(t.getEpochSecond() - previousSecond));
                            out.varint(t.getNano());
                        }
                        previousSecond = t.getEpochSecond();
                    }
                    case INT -> {
                        if (out != null) out.varint(zigzag((Long) at.value()));
                    }
                    case FLOAT -> {
                        if (out != null) out.int64(Double.doubleToRawLongBits((Double) at.value()));
                    }
                    case BOOLEAN -> {
                        if (out != null) out.int8((Boolean) at.value() ? 1 : 0);
                    }
                    case ID -> {
                        if (out != null) {
                            UUID u = (UUID) at.value();
                            out.int64(u.getMostSignificantBits());
                            out.int64(u.getLeastSignificantBits());
                        }
                    }
                    default -> throw new IllegalStateException("composite attribute " + at.key() + " reached the codec");
                }
            }
            size += out == null ? counted : out.length() - before;
            chunkEvents++;
        }

        byte[] finish() {
            endChunk();
            if (out == null) throw new IllegalStateException("a counting writer has no bytes");
            out.patch(4, chunks);
            return out.toArray();
        }

        private void endChunk() {
            if (out != null && chunkCountAt >= 0) out.patch(chunkCountAt, chunkEvents);
            chunkCountAt = -1;
        }

        private int refSize(String s) {
            Integer code = dictionary.get(s);
            if (code != null) return varintLength(code + 1);
            int n = utf8Length(s);
            return 1 + varintLength(n) + n;
        }

        private void ref(String s) {
            Integer code = dictionary.get(s);
            if (code != null) {
                if (out != null) out.varint(code + 1);
                return;
            }
            dictionary.put(s, dictionary.size());
            if (out != null) {
                out.varint(0);
                out.string(s);
            }
        }
    }

    /** Reads a "CTS3" segment; every malformed input fails with a message naming {@code where}. */
    static List<Chunk> decodeSegment(byte[] bytes, String where) {
        In in = new In(bytes, where);
        expectMagic(in.int32(), SEGMENT_MAGIC, where);
        int chunks = in.count("chunk count");
        List<Chunk> result = new ArrayList<>(Math.min(chunks, 4096));
        List<String> dictionary = new ArrayList<>();
        List<String> keys = new ArrayList<>(); // the same entries as interned keys, filled on first use as a key
        StringPool pool = new StringPool();
        Attributes.Builder a = Attributes.builder(pool);
        AttributeType[] types = AttributeType.values();
        long previousSecond = 0;
        for (int c = 0; c < chunks; c++) {
            String caseId = in.string("case id");
            int total = in.count("case size");
            int n = in.count("event count");
            List<Event> events = new ArrayList<>(Math.min(n, 4096));
            for (int i = 0; i < n; i++) {
                int attributes = in.varintInt("attribute count");
                for (int k = 0; k < attributes; k++) {
                    int keyCode = in.ref(dictionary, "attribute key");
                    while (keys.size() <= keyCode) keys.add(null);
                    String key = keys.get(keyCode);
                    if (key == null) keys.set(keyCode, key = pool.key(dictionary.get(keyCode)));
                    int t = in.int8();
                    AttributeType type = t < types.length ? types[t] : null;
                    Object value = switch (type == null ? AttributeType.LIST : type) {
                        case STRING -> dictionary.get(in.ref(dictionary, "string value"));
                        case DATE -> {
                            previousSecond += unzigzag(in.varint("timestamp"));
                            long nano = in.varint("timestamp nanos");
                            if (nano > 999_999_999L) throw new TrustedMiningException(where + ": timestamp nanos " + nano + " out of range");
                            yield Instant.ofEpochSecond(previousSecond, nano);
                        }
                        case INT -> unzigzag(in.varint("integer value"));
                        case FLOAT -> Double.longBitsToDouble(in.int64());
                        case BOOLEAN -> in.int8() != 0;
                        case ID -> new UUID(in.int64(), in.int64());
                        default -> throw new TrustedMiningException(where + ": attribute '" + key + "' has unsupported type code " + t);
                    };
                    a.put(key, value);
                }
                events.add(new Event(a.build()));
            }
            result.add(new Chunk(caseId, total, events));
        }
        if (in.remaining() > 0) throw new TrustedMiningException(where + ": " + in.remaining() + " unexpected trailing bytes");
        return result;
    }

    /**
     * A decoded segment in columns, for the miner: per chunk its case id and event range, per event only what the
     * miner's analyses read, the activity ({@code concept:name} as text, "" when absent) and the timestamp (epoch
     * second and nanosecond; nanosecond -1 when the event has no {@code time:timestamp} date). No {@code Event} or
     * attribute map is built; the other attributes are still parsed, so a malformed segment fails as in
     * {@link #decodeSegment}. Reused from segment to segment.
     */
    static final class Columns {
        int chunks;
        String[] caseIds = new String[64];
        int[] caseEvents = new int[64]; // chunk k's case size at the provider (its index entry)
        int[] chunkEnd = new int[64]; // exclusive end of chunk k's events; chunk k starts at chunkEnd[k - 1] (0 for k = 0)
        int events;
        String[] activities = new String[1024];
        long[] seconds = new long[1024];
        int[] nanos = new int[1024];

        int chunkStart(int k) {
            return k == 0 ? 0 : chunkEnd[k - 1];
        }

        private void reset() {
            chunks = 0;
            events = 0;
            java.util.Arrays.fill(activities, null);
        }

        private void addChunk(String caseId, int size) {
            if (chunks == caseIds.length) {
                caseIds = Arrays.copyOf(caseIds, chunks * 2);
                caseEvents = Arrays.copyOf(caseEvents, chunks * 2);
                chunkEnd = Arrays.copyOf(chunkEnd, chunks * 2);
            }
            caseIds[chunks] = caseId;
            caseEvents[chunks] = size;
            chunkEnd[chunks++] = events;
        }

        private int addEvent() {
            if (events == activities.length) {
                activities = Arrays.copyOf(activities, events * 2);
                seconds = Arrays.copyOf(seconds, events * 2);
                nanos = Arrays.copyOf(nanos, events * 2);
            }
            activities[events] = "";
            nanos[events] = -1;
            chunkEnd[chunks - 1] = events + 1;
            return events++;
        }
    }

    private static final byte OTHER_KEY = 1;
    private static final byte ACTIVITY_KEY = 2;
    private static final byte TIME_KEY = 3;

    /** Reads a "CTS3" segment into {@code out} (see {@link Columns}); the same checks and messages as {@link #decodeSegment}. */
    static void decodeColumns(byte[] bytes, String where, Columns out) {
        out.reset();
        In in = new In(bytes, where);
        expectMagic(in.int32(), SEGMENT_MAGIC, where);
        int chunks = in.count("chunk count");
        List<String> dictionary = new ArrayList<>();
        byte[] roles = new byte[16]; // per dictionary entry used as a key: what the miner does with its value
        AttributeType[] types = AttributeType.values();
        long previousSecond = 0;
        for (int c = 0; c < chunks; c++) {
            String caseId = in.string("case id");
            out.addChunk(caseId, in.count("case size"));
            int n = in.count("event count");
            for (int i = 0; i < n; i++) {
                int e = out.addEvent();
                int attributes = in.varintInt("attribute count");
                for (int k = 0; k < attributes; k++) {
                    int keyCode = in.ref(dictionary, "attribute key");
                    if (keyCode >= roles.length) roles = Arrays.copyOf(roles, Math.max(roles.length * 2, keyCode + 1));
                    byte role = roles[keyCode];
                    if (role == 0) {
                        String key = dictionary.get(keyCode);
                        role = roles[keyCode] = key.equals(XesKeys.CONCEPT_NAME) ? ACTIVITY_KEY
                                : key.equals(XesKeys.TIME_TIMESTAMP) ? TIME_KEY : OTHER_KEY;
                    }
                    int t = in.int8();
                    AttributeType type = t < types.length ? types[t] : null;
                    Object value = null; // only for a non-string activity or a non-date timestamp (rare)
                    switch (type == null ? AttributeType.LIST : type) {
                        case STRING -> {
                            String v = dictionary.get(in.ref(dictionary, "string value"));
                            if (role == ACTIVITY_KEY) out.activities[e] = v;
                            else if (role == TIME_KEY) out.nanos[e] = -1;
                        }
                        case DATE -> {
                            previousSecond += unzigzag(in.varint("timestamp"));
                            long nano = in.varint("timestamp nanos");
                            if (nano > 999_999_999L) throw new TrustedMiningException(where + ": timestamp nanos " + nano + " out of range");
                            if (role == TIME_KEY) {
                                out.seconds[e] = previousSecond;
                                out.nanos[e] = (int) nano;
                            } else if (role == ACTIVITY_KEY) {
                                value = Instant.ofEpochSecond(previousSecond, nano);
                            }
                        }
                        case INT -> value = unzigzag(in.varint("integer value"));
                        case FLOAT -> value = Double.longBitsToDouble(in.int64());
                        case BOOLEAN -> value = in.int8() != 0;
                        case ID -> value = new UUID(in.int64(), in.int64());
                        default -> throw new TrustedMiningException(where + ": attribute '" + dictionary.get(keyCode)
                                + "' has unsupported type code " + t);
                    }
                    // as Attributes.getText and Event.timestamp read them: a later value of the same key wins
                    if (value != null && role == ACTIVITY_KEY) out.activities[e] = value.toString();
                    else if (value != null && role == TIME_KEY) out.nanos[e] = -1;
                }
            }
        }
        if (in.remaining() > 0) throw new TrustedMiningException(where + ": " + in.remaining() + " unexpected trailing bytes");
    }

    static int varintLength(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static int utf8Length(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) return s.getBytes(StandardCharsets.UTF_8).length; // rare: let the JDK count
        }
        return n;
    }

    /** A growable big-endian byte buffer (no per-write stream overhead). */
    private static final class Bytes {
        private byte[] b;
        private int n;

        Bytes(int capacity) {
            b = new byte[capacity];
        }

        int length() {
            return n;
        }

        private void room(int k) {
            if (n + k > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, n + k));
        }

        void int8(int v) {
            room(1);
            b[n++] = (byte) v;
        }

        void int32(int v) {
            room(4);
            patch(n, v);
            n += 4;
        }

        void patch(int at, int v) {
            b[at] = (byte) (v >>> 24);
            b[at + 1] = (byte) (v >>> 16);
            b[at + 2] = (byte) (v >>> 8);
            b[at + 3] = (byte) v;
        }

        void int64(long v) {
            int32((int) (v >>> 32));
            int32((int) v);
        }

        void varint(long v) {
            room(10);
            while ((v & ~0x7FL) != 0) {
                b[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            b[n++] = (byte) v;
        }

        void string(String s) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            varint(u.length);
            room(u.length);
            System.arraycopy(u, 0, b, n, u.length);
            n += u.length;
        }

        byte[] toArray() {
            return Arrays.copyOf(b, n);
        }
    }

    /** A bounds-checked reader over a segment's plaintext. */
    private static final class In {
        private final byte[] b;
        private final String where;
        private int p;

        In(byte[] b, String where) {
            this.b = b;
            this.where = where;
        }

        int remaining() {
            return b.length - p;
        }

        private void need(int k, String field) {
            if (k > b.length - p) {
                throw new TrustedMiningException(where + ": truncated segment (" + field + " at byte " + p + " of " + b.length + ")");
            }
        }

        byte[] bytes(int n, String field) {
            need(n, field);
            byte[] out = Arrays.copyOfRange(b, p, p + n);
            p += n;
            return out;
        }

        int int8() {
            need(1, "type code");
            return b[p++] & 0xFF;
        }

        int int32() {
            need(4, "32-bit field");
            int v = ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            p += 4;
            return v;
        }

        long int64() {
            return ((long) int32() << 32) | (int32() & 0xFFFFFFFFL);
        }

        int count(String field) {
            int v = int32();
            if (v < 0) throw new TrustedMiningException(where + ": negative " + field + " " + v);
            return v;
        }

        long varint(String field) {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                need(1, field);
                byte x = b[p++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) return v;
            }
            throw new TrustedMiningException(where + ": " + field + " is a varint longer than 10 bytes");
        }

        int varintInt(String field) {
            long v = varint(field);
            if (v > Integer.MAX_VALUE) throw new TrustedMiningException(where + ": " + field + " " + v + " too large");
            return (int) v;
        }

        String string(String field) {
            int n = varintInt(field + " length");
            need(n, field);
            String s = new String(b, p, n, StandardCharsets.UTF_8);
            p += n;
            return s;
        }

        /** A dictionary reference: 0 = a new entry follows inline, k = entry k - 1. Returns the entry's index. */
        int ref(List<String> dictionary, String field) {
            int code = varintInt(field);
            if (code == 0) {
                dictionary.add(string(field));
                return dictionary.size() - 1;
            }
            if (code > dictionary.size()) {
                throw new TrustedMiningException(where + ": " + field + " refers to dictionary entry " + code
                        + ", the segment has " + dictionary.size() + " so far");
            }
            return code - 1;
        }
    }

    private static void expectMagic(int m, int magic, String where) {
        if (m != magic) {
            throw new TrustedMiningException(where + ": starts with 0x" + Integer.toHexString(m) + ", expected 0x"
                    + Integer.toHexString(magic));
        }
    }

    private static void expectMagic(DataInputStream in, int magic, String where) throws IOException {
        expectMagic(in.readInt(), magic, where);
    }

    private static void expectEnd(DataInputStream in, String where) throws IOException {
        if (in.available() > 0) throw new TrustedMiningException(where + ": " + in.available() + " unexpected trailing bytes");
    }
}
