package io.coalition.trustedmining;

import io.coalition.eventlog.Attribute;
import io.coalition.eventlog.AttributeType;
import io.coalition.eventlog.Attributes;
import io.coalition.eventlog.Event;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
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
    private static final int INDEX_MAGIC = 0x43544931; // "CTI1"
    private static final int SEGMENT_MAGIC = 0x43545331; // "CTS1"

    /** A run of consecutive events of one case. */
    record Chunk(String caseId, List<Event> events) {
    }

    private SegmentCodec() {
    }

    static byte[] encodeIndex(Map<String, Integer> index) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(INDEX_MAGIC);
            out.writeInt(index.size());
            for (Map.Entry<String, Integer> e : index.entrySet()) {
                writeString(out, e.getKey());
                out.writeInt(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** Case id -> number of events, in the provider's order. */
    static Map<String, Integer> decodeIndex(byte[] bytes, String where) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            expectMagic(in, INDEX_MAGIC, where);
            int n = in.readInt();
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String caseId = readString(in, "case id");
                int size = in.readInt();
                if (size < 0) throw new TrustedMiningException(where + ": case " + caseId + " has " + size + " events");
                if (index.put(caseId, size) != null) throw new TrustedMiningException(where + ": case " + caseId + " listed twice");
            }
            expectEnd(in, where);
            return index;
        } catch (IOException e) {
            throw new TrustedMiningException(where + ": truncated case index", e);
        }
    }

    /** One event's encoding; also its size for segment planning. */
    static byte[] encodeEvent(Event event) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            Attributes a = event.attributes();
            out.writeInt(a.size());
            for (Attribute at : a) {
                writeString(out, at.key());
                out.writeByte(at.type().ordinal());
                switch (at.type()) {
                    case STRING -> writeString(out, (String) at.value());
                    case DATE -> {
                        Instant t = (Instant) at.value();
                        out.writeLong(t.getEpochSecond());
                        out.writeInt(t.getNano());
                    }
                    case INT -> out.writeLong((Long) at.value());
                    case FLOAT -> out.writeDouble((Double) at.value());
                    case BOOLEAN -> out.writeBoolean((Boolean) at.value());
                    case ID -> writeString(out, at.value().toString());
                    default -> throw new IllegalStateException("composite attribute " + at.key() + " reached the codec");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** A segment from chunks whose events are already encoded. */
    static byte[] encodeSegment(List<String> caseIds, List<List<byte[]>> events) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(SEGMENT_MAGIC);
            out.writeInt(caseIds.size());
            for (int i = 0; i < caseIds.size(); i++) {
                writeString(out, caseIds.get(i));
                out.writeInt(events.get(i).size());
                for (byte[] e : events.get(i)) out.write(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** Fixed bytes a chunk adds besides its events (case id length, case id, event count). */
    static int chunkOverhead(String caseId) {
        return 8 + caseId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    static List<Chunk> decodeSegment(byte[] bytes, String where) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            expectMagic(in, SEGMENT_MAGIC, where);
            int chunks = in.readInt();
            List<Chunk> result = new ArrayList<>();
            for (int c = 0; c < chunks; c++) {
                String caseId = readString(in, "case id");
                int n = in.readInt();
                List<Event> events = new ArrayList<>(Math.min(n, 4096));
                for (int i = 0; i < n; i++) events.add(decodeEvent(in, where));
                result.add(new Chunk(caseId, events));
            }
            expectEnd(in, where);
            return result;
        } catch (IOException e) {
            throw new TrustedMiningException(where + ": truncated segment", e);
        }
    }

    private static Event decodeEvent(DataInputStream in, String where) throws IOException {
        int n = in.readInt();
        Attributes.Builder a = Attributes.builder();
        for (int i = 0; i < n; i++) {
            String key = readString(in, "attribute key");
            int t = in.readUnsignedByte();
            AttributeType type = t < AttributeType.values().length ? AttributeType.values()[t] : null;
            Object value = switch (type == null ? AttributeType.LIST : type) {
                case STRING -> readString(in, "string value");
                case DATE -> Instant.ofEpochSecond(in.readLong(), in.readInt());
                case INT -> in.readLong();
                case FLOAT -> in.readDouble();
                case BOOLEAN -> in.readBoolean();
                case ID -> UUID.fromString(readString(in, "id value"));
                default -> throw new TrustedMiningException(where + ": attribute '" + key + "' has unsupported type code " + t);
            };
            a.put(key, value);
        }
        return new Event(a.build());
    }

    private static void expectMagic(DataInputStream in, int magic, String where) throws IOException {
        int m = in.readInt();
        if (m != magic) {
            throw new TrustedMiningException(where + ": starts with 0x" + Integer.toHexString(m) + ", expected 0x"
                    + Integer.toHexString(magic));
        }
    }

    private static void expectEnd(DataInputStream in, String where) throws IOException {
        if (in.available() > 0) throw new TrustedMiningException(where + ": " + in.available() + " unexpected trailing bytes");
    }
}
