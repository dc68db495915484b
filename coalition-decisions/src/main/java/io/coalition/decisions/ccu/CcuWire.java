package io.coalition.decisions.ccu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.queue.WireCodec;
import io.coalition.trust.TrustException;
import io.coalition.trust.cas.Cid;
import io.coalition.trust.envelope.Envelope;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The wire format of CCU calls and replies on a queue that leaves the process (version 1, UTF-8 JSON; bytes are
 * standard base64). Nothing in it is secret: payloads travel inside {@link Envelope}s (HPKE-sealed, signed), and
 * the CCU checks everything it reads, so the format only has to be unambiguous.
 * <pre>
 * call  = {"v":1, "type":"submit"|"submit-batch"|"decide", "sender": base64(DER certificate), "envelope": envelope}
 * envelope = {"messageId", "purpose", "senderFingerprint", "recipientFingerprint", "created": ISO-8601 instant,
 *             "encapsulatedKey", "ciphertext", "signature"}
 * reply = {"v":1, "stored": stored}
 *       | {"v":1, "batch": [stored, ...]}
 *       | {"v":1, "decision": envelope}
 *       | {"v":1, "refused": {"step": STEP, "reason": text}}
 * stored = {"dataName", "dataStructure", "recordId", "provider", "messageId", "full": CID, "light": CID,
 *           "pointer": base64}
 * </pre>
 * Decoding refuses anything else with a {@link DecisionsException} naming the field.
 */
public final class CcuWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CcuWire() {
    }

    /** Codec of what clients put on the queue. */
    public static final WireCodec<CcuCall> CALLS = new WireCodec<>() {
        @Override
        public byte[] encode(CcuCall call) {
            ObjectNode o = JSON.createObjectNode().put("v", 1)
                    .put("type", call instanceof CcuCall.Submit ? "submit"
                            : call instanceof CcuCall.SubmitBatch ? "submit-batch" : "decide");
            try {
                o.put("sender", b64(call.sender().getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new DecisionsException("CCU wire: cannot encode the sender certificate: " + e.getMessage(), e);
            }
            o.set("envelope", envelope(call.envelope()));
            return bytes(o);
        }

        @Override
        public CcuCall decode(byte[] bytes) {
            JsonNode o = root(bytes, "call");
            X509Certificate sender = certificate(bytes(o, "sender", "call"));
            Envelope e = envelope(o.get("envelope"), "call.envelope");
            return switch (text(o, "type", "call")) {
                case "submit" -> new CcuCall.Submit(e, sender);
                case "submit-batch" -> new CcuCall.SubmitBatch(e, sender);
                case "decide" -> new CcuCall.Decide(e, sender);
                default -> throw new DecisionsException("CCU wire: call.type '" + o.get("type").asText()
                        + "' is not submit, submit-batch or decide");
            };
        }
    };

    /** Codec of what the CCU answers on a client's channel. */
    public static final WireCodec<CcuReply> REPLIES = new WireCodec<>() {
        @Override
        public byte[] encode(CcuReply r) {
            ObjectNode o = JSON.createObjectNode().put("v", 1);
            if (r.stored() != null) {
                o.set("stored", stored(r.stored()));
            } else if (r.batch() != null) {
                com.fasterxml.jackson.databind.node.ArrayNode batch = o.putArray("batch");
                for (StoredRecord s : r.batch()) batch.add(stored(s));
            } else if (r.decision() != null) {
                o.set("decision", envelope(r.decision()));
            } else {
                o.putObject("refused").put("step", r.refusedAt().name()).put("reason", r.refusal());
            }
            return bytes(o);
        }

        @Override
        public CcuReply decode(byte[] bytes) {
            JsonNode o = root(bytes, "reply");
            if (o.hasNonNull("stored")) {
                return CcuReply.stored(stored(o.get("stored"), "reply.stored"));
            }
            if (o.hasNonNull("batch")) {
                JsonNode batch = o.get("batch");
                if (!batch.isArray()) throw new DecisionsException("CCU wire: reply.batch is not an array");
                List<StoredRecord> records = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) records.add(stored(batch.get(i), "reply.batch[" + i + "]"));
                return CcuReply.storedBatch(records);
            }
            if (o.hasNonNull("decision")) {
                return CcuReply.decision(envelope(o.get("decision"), "reply.decision"));
            }
            if (o.hasNonNull("refused")) {
                JsonNode f = o.get("refused");
                String step = text(f, "step", "reply.refused");
                try {
                    return CcuReply.refused(RefusedException.Step.valueOf(step), text(f, "reason", "reply.refused"));
                } catch (IllegalArgumentException e) {
                    throw new DecisionsException("CCU wire: reply.refused.step '" + step + "' is not a refusal step");
                }
            }
            throw new DecisionsException("CCU wire: reply has none of stored, batch, decision, refused");
        }
    };

    private static ObjectNode stored(StoredRecord s) {
        return JSON.createObjectNode().put("dataName", s.dataName()).put("dataStructure", s.dataStructure())
                .put("recordId", s.recordId()).put("provider", s.provider()).put("messageId", s.messageId())
                .put("full", s.full().toString()).put("light", s.light().toString()).put("pointer", b64(s.pointer()));
    }

    private static StoredRecord stored(JsonNode s, String where) {
        if (s == null || !s.isObject()) throw new DecisionsException("CCU wire: " + where + " is not an object");
        return new StoredRecord(text(s, "dataName", where), text(s, "dataStructure", where), text(s, "recordId", where),
                text(s, "provider", where), text(s, "messageId", where), cid(s, "full", where), cid(s, "light", where),
                bytes(s, "pointer", where));
    }

    private static ObjectNode envelope(Envelope e) {
        Envelope.Header h = e.header();
        return JSON.createObjectNode().put("messageId", h.messageId()).put("purpose", h.purpose())
                .put("senderFingerprint", h.senderFingerprint()).put("recipientFingerprint", h.recipientFingerprint())
                .put("created", h.created().toString()).put("encapsulatedKey", b64(e.encapsulatedKey()))
                .put("ciphertext", b64(e.ciphertext())).put("signature", b64(e.signature()));
    }

    private static Envelope envelope(JsonNode o, String where) {
        if (o == null || !o.isObject()) {
            throw new DecisionsException("CCU wire: " + where + " is missing or not an object");
        }
        Instant created;
        try {
            created = Instant.parse(text(o, "created", where));
        } catch (DateTimeParseException e) {
            throw new DecisionsException("CCU wire: " + where + ".created is not an ISO-8601 instant: " + e.getMessage(), e);
        }
        return new Envelope(new Envelope.Header(text(o, "messageId", where), text(o, "purpose", where),
                text(o, "senderFingerprint", where), text(o, "recipientFingerprint", where), created),
                bytes(o, "encapsulatedKey", where), bytes(o, "ciphertext", where), bytes(o, "signature", where));
    }

    private static JsonNode root(byte[] bytes, String what) {
        JsonNode o;
        try {
            o = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new DecisionsException("CCU wire: the " + what + " is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        if (o == null || !o.isObject() || o.path("v").asInt(-1) != 1) {
            throw new DecisionsException("CCU wire: the " + what + " is not a version 1 object (field v must be 1)");
        }
        return o;
    }

    private static String text(JsonNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new DecisionsException("CCU wire: " + where + "." + field + " is missing or not a string");
        }
        return v.asText();
    }

    private static byte[] bytes(JsonNode o, String field, String where) {
        try {
            return Base64.getDecoder().decode(text(o, field, where));
        } catch (IllegalArgumentException e) {
            throw new DecisionsException("CCU wire: " + where + "." + field + " is not base64: " + e.getMessage(), e);
        }
    }

    private static Cid cid(JsonNode o, String field, String where) {
        try {
            return Cid.parse(text(o, field, where));
        } catch (TrustException e) {
            throw new DecisionsException("CCU wire: " + where + "." + field + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new DecisionsException("CCU wire: call.sender is not a DER X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
