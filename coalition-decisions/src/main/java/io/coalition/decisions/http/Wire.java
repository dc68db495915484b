package io.coalition.decisions.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.decisions.DecisionsException;
import io.coalition.decisions.ccu.CcuReply;
import io.coalition.decisions.ccu.RefusedException;
import io.coalition.decisions.ccu.StoredRecord;
import io.coalition.trust.cas.Cid;
import io.coalition.trust.envelope.Envelope;
import io.coalition.trust.pki.Pem;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The JSON wire form of what travels over HTTP: envelopes (header fields, binary parts in base64), certificates
 * (PEM) and CCU replies. Reading names the field that is missing or malformed ({@code $.envelope.ciphertext}).
 */
final class Wire {
    static final ObjectMapper JSON = new ObjectMapper();

    private Wire() {
    }

    static ObjectNode envelope(Envelope e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("messageId", e.header().messageId());
        n.put("purpose", e.header().purpose());
        n.put("sender", e.header().senderFingerprint());
        n.put("recipient", e.header().recipientFingerprint());
        n.put("created", e.header().created().toString());
        n.put("encapsulatedKey", b64(e.encapsulatedKey()));
        n.put("ciphertext", b64(e.ciphertext()));
        n.put("signature", b64(e.signature()));
        return n;
    }

    static Envelope envelope(JsonNode n, String at) {
        if (n == null || !n.isObject()) {
            throw new DecisionsException(at + ": expected an envelope object");
        }
        Instant created;
        try {
            created = Instant.parse(text(n, "created", at));
        } catch (java.time.format.DateTimeParseException e) {
            throw new DecisionsException(at + ".created: expected an ISO-8601 instant, found '" + n.get("created").asText() + "'");
        }
        return new Envelope(new Envelope.Header(text(n, "messageId", at), text(n, "purpose", at), text(n, "sender", at),
                text(n, "recipient", at), created), bytes(n, "encapsulatedKey", at), bytes(n, "ciphertext", at),
                bytes(n, "signature", at));
    }

    static String certificate(X509Certificate c) {
        return Pem.encode(c);
    }

    static X509Certificate certificate(JsonNode n, String at) {
        if (n == null || !n.isTextual()) {
            throw new DecisionsException(at + ": expected a PEM certificate string");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(n.asText().getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new DecisionsException(at + ": not a PEM X.509 certificate: " + e.getMessage(), e);
        }
    }

    static ObjectNode reply(CcuReply r) {
        ObjectNode n = JSON.createObjectNode();
        if (r.isRefusal()) {
            n.put("status", "refused");
            n.put("step", r.refusedAt().name());
            n.put("reason", r.refusal());
        } else if (r.stored() != null) {
            n.put("status", "stored");
            n.set("record", record(r.stored()));
        } else if (r.batch() != null) {
            n.put("status", "stored");
            com.fasterxml.jackson.databind.node.ArrayNode records = n.putArray("records");
            for (StoredRecord s : r.batch()) records.add(record(s));
        } else {
            n.put("status", "decided");
            n.set("envelope", envelope(r.decision()));
        }
        return n;
    }

    private static ObjectNode record(StoredRecord s) {
        ObjectNode rec = JSON.createObjectNode();
        rec.put("dataName", s.dataName());
        rec.put("dataStructure", s.dataStructure());
        rec.put("recordId", s.recordId());
        rec.put("provider", s.provider());
        rec.put("messageId", s.messageId());
        rec.put("full", s.full().toString());
        rec.put("light", s.light().toString());
        rec.put("pointer", HexFormat.of().formatHex(s.pointer()));
        return rec;
    }

    private static StoredRecord record(JsonNode r, String at) {
        return new StoredRecord(text(r, "dataName", at), text(r, "dataStructure", at), text(r, "recordId", at),
                text(r, "provider", at), text(r, "messageId", at), Cid.parse(text(r, "full", at)),
                Cid.parse(text(r, "light", at)), HexFormat.of().parseHex(text(r, "pointer", at)));
    }

    static CcuReply reply(JsonNode n) {
        String status = text(n, "status", "$");
        return switch (status) {
            case "refused" -> CcuReply.refused(RefusedException.Step.valueOf(text(n, "step", "$")), text(n, "reason", "$"));
            case "decided" -> CcuReply.decision(envelope(n.get("envelope"), "$.envelope"));
            case "stored" -> {
                if (!n.has("records")) yield CcuReply.stored(record(n.get("record"), "$.record"));
                JsonNode records = n.get("records");
                if (!records.isArray()) throw new DecisionsException("$.records: expected an array");
                java.util.List<StoredRecord> batch = new java.util.ArrayList<>(records.size());
                for (int i = 0; i < records.size(); i++) batch.add(record(records.get(i), "$.records[" + i + "]"));
                yield CcuReply.storedBatch(batch);
            }
            default -> throw new DecisionsException("$.status: expected stored, decided or refused, found '" + status + "'");
        };
    }

    static String text(JsonNode n, String field, String at) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isTextual()) {
            throw new DecisionsException(at + "." + field + ": expected a string");
        }
        return v.asText();
    }

    private static byte[] bytes(JsonNode n, String field, String at) {
        try {
            return Base64.getDecoder().decode(text(n, field, at));
        } catch (IllegalArgumentException e) {
            throw new DecisionsException(at + "." + field + ": not base64: " + e.getMessage(), e);
        }
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
