package io.coalition.trustedmining.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.trust.attestation.AttestationResult;
import io.coalition.trust.attestation.Claims;
import io.coalition.trust.attestation.Evidence;
import io.coalition.trust.notary.Receipt;
import io.coalition.trustedmining.Analysis;
import io.coalition.trustedmining.ProviderEndpoint;
import io.coalition.trustedmining.SealedMessage;
import io.coalition.trustedmining.TrustedMiningException;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON bodies and receipt headers of the provider transport (see the README's "Transport" section). Binary
 * fields are base64 (standard alphabet, padded); hashes and measurements hex. Parsing is strict: a missing or
 * mistyped field is an error naming it.
 */
final class Wire {
    static final String SEALED_MEDIA_TYPE = "application/vnd.coalition.sealed-message.v2";
    /** A batch of sealed messages with their receipts, one answer for {@code segments?from=F&count=C}. */
    static final String BATCH_MEDIA_TYPE = "application/vnd.coalition.sealed-batch.v2";
    static final String JSON = "application/json";
    static final String RECEIPT_HASH = "Coalition-Receipt-Hash";
    static final String RECEIPT_NOTARY = "Coalition-Receipt-Notary";
    static final String RECEIPT_POSITION = "Coalition-Receipt-Position";
    static final String RECEIPT_TIME = "Coalition-Receipt-Time";

    /** Refuses a field given twice (Jackson keeps the last by default): a message or file means one thing or nothing. */
    static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private Wire() {
    }

    static byte[] bytes(ObjectNode o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode parse(byte[] body, String what) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n instanceof ObjectNode o) return o;
            throw new TrustedMiningException(what + ": expected a JSON object");
        } catch (JsonProcessingException e) {
            // Jackson names a redacted source inside its message: keep only line and column
            String message = e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "[");
            String at = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
            throw new TrustedMiningException(what + at + ": not valid JSON: " + message, e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // --- session request: the miner's evidence and keys; the requester is the client certificate, not a field

    static ObjectNode sessionRequest(ProviderEndpoint.SessionRequest r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("nonce", B64.encodeToString(r.nonce()));
        o.put("evidence", B64.encodeToString(r.evidence().encode()));
        o.put("tlsKey", B64.encodeToString(r.tlsKey().getEncoded()));
        o.put("hpkeKey", B64.encodeToString(r.hpkeKey()));
        ArrayNode a = o.putArray("analyses");
        r.analyses().stream().sorted().forEach(x -> a.add(x.id()));
        return o;
    }

    static ProviderEndpoint.SessionRequest sessionRequest(ObjectNode o, String requester, String what) {
        Set<Analysis> analyses = new LinkedHashSet<>();
        for (JsonNode n : array(o, "analyses", what)) {
            if (!n.isTextual()) throw new TrustedMiningException(what + ": analyses: expected strings");
            analyses.add(Analysis.parse(n.asText()));
        }
        Evidence evidence;
        try {
            evidence = Evidence.decode(base64(o, "evidence", what));
        } catch (RuntimeException e) {
            throw new TrustedMiningException(what + ": evidence: " + e.getMessage(), e);
        }
        return new ProviderEndpoint.SessionRequest(base64(o, "nonce", what), evidence, ecKey(base64(o, "tlsKey", what), what),
                base64(o, "hpkeKey", what), analyses, requester);
    }

    // --- session grant

    static ObjectNode grant(ProviderEndpoint.SessionGrant g) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("session", g.session());
        o.put("segments", g.segments());
        AttestationResult r = g.attestation();
        ObjectNode a = o.putObject("attestation");
        a.put("status", r.status().name());
        a.put("mediaType", r.mediaType());
        a.put("hardwareBacked", r.hardwareBacked());
        a.put("nonce", B64.encodeToString(r.nonce()));
        a.put("issuedAt", r.issuedAt().toString());
        Claims c = r.claims();
        ObjectNode claims = a.putObject("claims");
        claims.put("platform", c.platform());
        claims.put("hardwareBacked", c.hardwareBacked());
        claims.put("measurement", HexFormat.of().formatHex(c.measurement()));
        claims.put("signer", HexFormat.of().formatHex(c.signer()));
        claims.put("productId", c.productId());
        claims.put("svn", c.svn());
        claims.put("debug", c.debug());
        claims.put("reportData", B64.encodeToString(c.reportData()));
        ObjectNode details = claims.putObject("details");
        c.details().forEach(details::put);
        return o;
    }

    static ProviderEndpoint.SessionGrant grant(ObjectNode o, String what) {
        ObjectNode a = object(o, "attestation", what);
        ObjectNode c = object(a, "claims", what + ": attestation");
        String cw = what + ": attestation.claims";
        Map<String, String> details = new TreeMap<>();
        object(c, "details", cw).fields().forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
        Claims claims = new Claims(text(c, "platform", cw), bool(c, "hardwareBacked", cw), hex(c, "measurement", cw),
                hex(c, "signer", cw), (int) number(c, "productId", cw), number(c, "svn", cw), bool(c, "debug", cw),
                base64(c, "reportData", cw), details);
        String aw = what + ": attestation";
        AttestationResult.Status status;
        try {
            status = AttestationResult.Status.valueOf(text(a, "status", aw));
        } catch (IllegalArgumentException e) {
            throw new TrustedMiningException(aw + ": unknown status '" + text(a, "status", aw) + "', expected AFFIRMING or WARNING");
        }
        AttestationResult result = new AttestationResult(status, text(a, "mediaType", aw), claims, bool(a, "hardwareBacked", aw),
                base64(a, "nonce", aw), instant(a, "issuedAt", aw));
        int segments = (int) number(o, "segments", what);
        if (segments < 0) throw new TrustedMiningException(what + ": segments " + segments + ", expected at least 0");
        return new ProviderEndpoint.SessionGrant(text(o, "session", what), segments, result);
    }

    // --- receipts travel as response headers next to the sealed message

    static Map<String, String> receiptHeaders(Receipt r) {
        return Map.of(RECEIPT_HASH, HexFormat.of().formatHex(r.hash()), RECEIPT_NOTARY, r.notary(),
                RECEIPT_POSITION, Long.toString(r.position()), RECEIPT_TIME, r.time().toString());
    }

    interface Headers {
        String get(String name);
    }

    static Receipt receipt(Headers h, String what) {
        String hash = header(h, RECEIPT_HASH, what);
        String position = header(h, RECEIPT_POSITION, what);
        String time = header(h, RECEIPT_TIME, what);
        try {
            return new Receipt(HexFormat.of().parseHex(hash), header(h, RECEIPT_NOTARY, what), Long.parseLong(position),
                    Instant.parse(time));
        } catch (RuntimeException e) {
            throw new TrustedMiningException(what + ": malformed notary receipt headers (" + e.getMessage() + ")", e);
        }
    }

    private static String header(Headers h, String name, String what) {
        String v = h.get(name);
        if (v == null) throw new TrustedMiningException(what + ": response has no " + name + " header (notary receipt)");
        return v;
    }

    // --- batches: "CTB2", u16 count, then per member: u32 length + SealedMessage wire form, the receipt as
    //     32-byte hash, u16 length + UTF-8 notary name, i64 position, i64 epoch second, i32 nanosecond

    private static final byte[] BATCH_MAGIC = {'C', 'T', 'B', '2'};

    static byte[] batch(List<ProviderEndpoint.Delivery> batch) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.write(BATCH_MAGIC);
            out.writeShort(batch.size());
            for (ProviderEndpoint.Delivery d : batch) {
                byte[] wire = d.message().encode();
                out.writeInt(wire.length);
                out.write(wire);
                Receipt r = d.receipt();
                out.write(r.hash());
                byte[] notary = r.notary().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeShort(notary.length);
                out.write(notary);
                out.writeLong(r.position());
                out.writeLong(r.time().getEpochSecond());
                out.writeInt(r.time().getNano());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<ProviderEndpoint.Delivery> batch(byte[] body, String what) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(body);
        try {
            byte[] magic = new byte[4];
            b.get(magic);
            if (!java.util.Arrays.equals(magic, BATCH_MAGIC)) {
                throw new TrustedMiningException(what + ": not a sealed batch (expected magic CTB2)");
            }
            int n = Short.toUnsignedInt(b.getShort());
            List<ProviderEndpoint.Delivery> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int length = b.getInt();
                if (length < 0 || length > b.remaining()) {
                    throw new TrustedMiningException(what + ": member " + (i + 1) + " of " + n + " claims " + length
                            + " bytes, " + b.remaining() + " left");
                }
                byte[] wire = new byte[length];
                b.get(wire);
                SealedMessage m;
                try {
                    m = SealedMessage.decode(wire);
                } catch (TrustedMiningException e) {
                    throw new TrustedMiningException(what + ": member " + (i + 1) + ": " + e.getMessage(), e);
                }
                byte[] hash = new byte[32];
                b.get(hash);
                byte[] notary = new byte[Short.toUnsignedInt(b.getShort())];
                b.get(notary);
                long position = b.getLong();
                Instant time = Instant.ofEpochSecond(b.getLong(), b.getInt());
                out.add(new ProviderEndpoint.Delivery(m, new Receipt(hash, new String(notary, java.nio.charset.StandardCharsets.UTF_8),
                        position, time)));
            }
            if (b.hasRemaining()) throw new TrustedMiningException(what + ": " + b.remaining() + " bytes after the batch's " + n + " members");
            return out;
        } catch (java.nio.BufferUnderflowException | java.time.DateTimeException e) {
            throw new TrustedMiningException(what + ": truncated or malformed sealed batch (" + body.length + " bytes)", e);
        }
    }

    // --- errors: {"error": kind, "check": attestation step or absent, "message": text}

    static ObjectNode error(String kind, String check, String message) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("error", kind);
        if (check != null) o.put("check", check);
        o.put("message", message);
        return o;
    }

    // --- field access

    /**
     * The non-empty array {@code field} of a JSON file holding an object with that one field (providers.json, a
     * usage policy file); errors name the file.
     */
    static ArrayNode listFile(java.nio.file.Path file, String field) {
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TrustedMiningException(file + ": no such file", e);
        } catch (java.io.IOException e) {
            throw new TrustedMiningException(file + ": cannot read: " + e.getMessage(), e);
        }
        ObjectNode root = parse(bytes, file.toString());
        onlyKnownFields(root, java.util.Set.of(field), file.toString());
        if (!(root.get(field) instanceof ArrayNode list) || list.isEmpty()) {
            throw new TrustedMiningException(file + ": field '" + field + "' missing or not a non-empty array");
        }
        return list;
    }

    /** An unknown field is refused: a misspelt optional one ("sha265", "withholdFlie") would otherwise drop what it asks for. */
    static void onlyKnownFields(ObjectNode o, Set<String> known, String where) {
        for (java.util.Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new TrustedMiningException(where + ": unknown field '" + name + "', expected "
                        + String.join(", ", known));
            }
        }
    }


    static String text(ObjectNode o, String field, String what) {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual()) throw missing(what, field, "a string");
        return n.asText();
    }

    private static boolean bool(ObjectNode o, String field, String what) {
        JsonNode n = o.get(field);
        if (n == null || !n.isBoolean()) throw missing(what, field, "true or false");
        return n.asBoolean();
    }

    private static long number(ObjectNode o, String field, String what) {
        JsonNode n = o.get(field);
        if (n == null || !n.isIntegralNumber()) throw missing(what, field, "an integer");
        return n.asLong();
    }

    private static ObjectNode object(ObjectNode o, String field, String what) {
        if (o.get(field) instanceof ObjectNode x) return x;
        throw missing(what, field, "an object");
    }

    private static List<JsonNode> array(ObjectNode o, String field, String what) {
        if (!(o.get(field) instanceof ArrayNode a)) throw missing(what, field, "an array");
        List<JsonNode> l = new ArrayList<>();
        a.forEach(l::add);
        return l;
    }

    private static byte[] base64(ObjectNode o, String field, String what) {
        String s = text(o, field, what);
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new TrustedMiningException(what + ": field '" + field + "' is not base64: " + e.getMessage());
        }
    }

    private static byte[] hex(ObjectNode o, String field, String what) {
        String s = text(o, field, what);
        try {
            return HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new TrustedMiningException(what + ": field '" + field + "' is not hex: " + e.getMessage());
        }
    }

    private static Instant instant(ObjectNode o, String field, String what) {
        String s = text(o, field, what);
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            throw new TrustedMiningException(what + ": field '" + field + "' is not an ISO-8601 instant: '" + s + "'");
        }
    }

    private static PublicKey ecKey(byte[] spki, String what) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new TrustedMiningException(what + ": field 'tlsKey' is not an EC SubjectPublicKeyInfo");
        }
    }

    private static TrustedMiningException missing(String what, String field, String expected) {
        return new TrustedMiningException(what + ": field '" + field + "' missing or not " + expected);
    }
}
