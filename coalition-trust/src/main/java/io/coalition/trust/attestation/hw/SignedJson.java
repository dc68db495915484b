package io.coalition.trust.attestation.hw;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coalition.trust.TrustException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * A JSON object signed by Intel's TCB Signing key, kept as the exact bytes that were signed: Intel signs the
 * object's text as served (ECDSA P-256/SHA-256, raw r||s), so it is never re-serialised. Also the strict JSON
 * access (required fields, path-named errors) that TCB Info and QE Identity parsing share.
 *
 * @param what      "TCB Info" or "QE Identity"
 * @param source    where it was read, for messages
 * @param text      the signed bytes
 * @param signature r||s, 64 bytes
 * @param root      the parsed object
 */
record SignedJson(String what, String source, byte[] text, byte[] signature, JsonNode root) {
    // Duplicate keys would let two parsers read two different objects out of one signed text.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = new ObjectMapper(FACTORY);

    /**
     * From an Intel PCS response body {@code {"<inner>":{...},"signature":"<hex>"}}: the inner object's text is cut
     * out of the body as it is, by the parser's character offsets.
     */
    static SignedJson ofPcsBody(String what, String source, byte[] body, String inner) {
        String text = utf8(what, source, body);
        String object = null;
        String signature = null;
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw error(what, source, "is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(inner) && value == JsonToken.START_OBJECT) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getCharOffset();
                    object = text.substring(start, end);
                } else if (name.equals("signature") && value == JsonToken.VALUE_STRING) {
                    signature = p.getText();
                } else {
                    throw error(what, source, "has an unexpected member '" + name + "' (" + value
                            + "), expected '" + inner + "' (object) and 'signature' (string)");
                }
            }
            if (p.nextToken() != null) throw error(what, source, "has content after the top-level object");
        } catch (IOException e) {
            throw error(what, source, "is not valid JSON: " + e.getMessage());
        }
        if (object == null) throw error(what, source, "has no '" + inner + "' object");
        if (signature == null) throw error(what, source, "has no 'signature'");
        return of(what, source, object.getBytes(StandardCharsets.UTF_8), signature);
    }

    /** From the signed text and its hex signature (dcap-qvl's collateral keeps them apart). */
    static SignedJson of(String what, String source, byte[] text, String signatureHex) {
        byte[] sig;
        try {
            sig = HexFormat.of().parseHex(signatureHex);
        } catch (IllegalArgumentException e) {
            throw error(what, source, "signature is not hex: " + e.getMessage());
        }
        if (sig.length != 64) throw error(what, source, "signature has " + sig.length + " bytes, expected 64 (r||s)");
        JsonNode root;
        try {
            root = JSON.readTree(utf8(what, source, text));
        } catch (IOException e) {
            throw error(what, source, "is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw error(what, source, "is not a JSON object");
        return new SignedJson(what, source, text.clone(), sig, root);
    }

    private static String utf8(String what, String source, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error(what, source, "is not UTF-8 text");
        }
    }

    static TrustException error(String what, String source, String message) {
        return new TrustException(what + " (" + source + ") " + message);
    }

    TrustException error(String path, String message) {
        return error(what, source, "field " + path + " " + message);
    }

    JsonNode node(JsonNode parent, String path, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) throw error(path + field, "is missing");
        return n;
    }

    String text(JsonNode parent, String path, String field) {
        JsonNode n = node(parent, path, field);
        if (!n.isTextual()) throw error(path + field, "is " + n.getNodeType() + ", expected a string");
        return n.asText();
    }

    int integer(JsonNode parent, String path, String field, int max) {
        JsonNode n = node(parent, path, field);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0 || n.asInt() > max) {
            throw error(path + field, "is " + n + ", expected an integer 0 to " + max);
        }
        return n.asInt();
    }

    byte[] hex(JsonNode parent, String path, String field, int length) {
        String s = text(parent, path, field);
        try {
            byte[] b = HexFormat.of().parseHex(s);
            if (b.length == length) return b;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw error(path + field, "is '" + s + "', expected " + length + " bytes in hex");
    }

    Instant instant(JsonNode parent, String path, String field) {
        String s = text(parent, path, field);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw error(path + field, "is '" + s + "', expected an ISO-8601 UTC time");
        }
    }

    JsonNode array(JsonNode parent, String path, String field) {
        JsonNode n = node(parent, path, field);
        if (!n.isArray() || n.isEmpty()) throw error(path + field, "is not a non-empty array");
        return n;
    }

    java.util.List<String> strings(JsonNode parent, String path, String field) {
        JsonNode n = parent.get(field);
        if (n == null) return java.util.List.of();
        if (!n.isArray()) throw error(path + field, "is not an array");
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) throw error(path + field + "[" + i + "]", "is not a string");
            out.add(n.get(i).asText());
        }
        return java.util.List.copyOf(out);
    }
}
