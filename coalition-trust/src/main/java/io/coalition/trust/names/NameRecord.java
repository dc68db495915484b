package io.coalition.trust.names;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coalition.trust.TrustException;
import io.coalition.trust.cas.Cid;
import org.bouncycastle.util.encoders.Base32;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A signed mutable name (IPNS-like): the owner of an Ed25519 key points its name at a {@link Cid} until
 * {@code notAfter}; a higher {@code sequence} supersedes a lower one.
 *
 * <p>The name is derived from the key: {@code b} + base32 of CIDv1 with the libp2p-key codec (0x72) and the
 * sha2-256 multihash of the key's X.509 SubjectPublicKeyInfo, so a record can only be made by the holder of the
 * key its name commits to. The signature is Ed25519 over {@link #signedBytes()}, a line-oriented canonical
 * encoding of every other field. Deviations from IPNS: the name hashes the SPKI (IPNS inlines the libp2p
 * protobuf key) and the record is this JSON, not IPNS's protobuf/CBOR, so Kubo cannot resolve it.
 */
public record NameRecord(String name, byte[] publicKey, long sequence, Cid target, Instant notAfter,
                         byte[] signature) {
    private static final String DOMAIN = "coalition-name-record/1";
    private static final Pattern NAME = Pattern.compile("b[a-z2-7]{58}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public NameRecord {
        checkName(name);
        if (sequence < 0) throw new TrustException("name record " + name + ": sequence " + sequence + " is negative");
        publicKey = publicKey.clone();
        signature = signature.clone();
    }

    /** Signs a record that points the name of {@code key}'s public key at {@code target}. */
    public static NameRecord sign(KeyPair key, long sequence, Cid target, Instant notAfter) {
        String name = nameOf(key.getPublic());
        byte[] spki = key.getPublic().getEncoded();
        byte[] message = canonical(name, sequence, target, notAfter);
        return new NameRecord(name, spki, sequence, target, notAfter, ed25519Sign(key.getPrivate(), message));
    }

    /** The name owned by an Ed25519 public key. */
    public static String nameOf(PublicKey key) {
        if (!key.getAlgorithm().equals("EdDSA") && !key.getAlgorithm().equals("Ed25519")) {
            throw new TrustException("a name needs an Ed25519 key, got " + key.getAlgorithm());
        }
        return nameOfSpki(key.getEncoded());
    }

    /**
     * Checks, in this order, that the key is an Ed25519 key, that it hashes to the name, that the signature
     * verifies, and that the record has not expired at {@code now}; the first failure throws and names itself.
     */
    public NameRecord verify(Instant now) {
        verifySignature();
        if (!now.isBefore(notAfter)) {
            throw new TrustException("name record " + name + " sequence " + sequence + ": expired at " + notAfter
                    + " (now " + now + ")");
        }
        return this;
    }

    /** Every check of {@link #verify} except expiry. */
    public NameRecord verifySignature() {
        PublicKey key;
        try {
            key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(publicKey));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TrustException("name record " + name + ": the public key is not an Ed25519 key");
        }
        if (!nameOfSpki(key.getEncoded()).equals(name)) {
            throw new TrustException("name record " + name + ": the public key does not hash to the name (wrong key)");
        }
        boolean valid;
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signedBytes());
            valid = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new TrustException("name record " + name + " sequence " + sequence
                    + ": the signature does not verify (tampered record or wrong key)");
        }
        return this;
    }

    /** The bytes the signature covers. */
    public byte[] signedBytes() {
        return canonical(name, sequence, target, notAfter);
    }

    /** The record as one JSON object (keys and signature in base64). */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", name);
        node.put("publicKey", Base64.getEncoder().encodeToString(publicKey));
        node.put("sequence", sequence);
        node.put("target", target.toString());
        node.put("notAfter", notAfter.toString());
        node.put("signature", Base64.getEncoder().encodeToString(signature));
        return node.toString();
    }

    /** Parses {@link #toJson()} output; {@code source} names where it came from in error messages. */
    public static NameRecord parse(String json, String source) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new TrustException("name record " + source + ": not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw new TrustException("name record " + source + ": expected a JSON object");
        String name = text(node, "name", source);
        byte[] key = base64(node, "publicKey", source);
        JsonNode seq = node.get("sequence");
        if (seq == null || !seq.canConvertToExactIntegral() || !seq.canConvertToLong()) {
            throw new TrustException("name record " + source + ": field 'sequence' must be an integer");
        }
        Cid target = Cid.parse(text(node, "target", source));
        Instant notAfter;
        try {
            notAfter = Instant.parse(text(node, "notAfter", source));
        } catch (DateTimeParseException e) {
            throw new TrustException("name record " + source + ": field 'notAfter' is not an ISO-8601 instant");
        }
        return new NameRecord(name, key, seq.asLong(), target, notAfter, base64(node, "signature", source));
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NameRecord r && name.equals(r.name) && Arrays.equals(publicKey, r.publicKey)
                && sequence == r.sequence && target.equals(r.target) && notAfter.equals(r.notAfter)
                && Arrays.equals(signature, r.signature);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Long.hashCode(sequence);
    }

    @Override
    public String toString() {
        return "NameRecord[" + name + " #" + sequence + " -> " + target + " until " + notAfter + "]";
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TrustException("name '" + name + "': expected 'b' and 58 base32 characters (a CIDv1 of a key)");
        }
    }

    private static String nameOfSpki(byte[] spki) {
        byte[] cid = new byte[36];
        cid[0] = 0x01;
        cid[1] = 0x72; // libp2p-key
        cid[2] = 0x12; // sha2-256
        cid[3] = 0x20;
        try {
            System.arraycopy(MessageDigest.getInstance("SHA-256").digest(spki), 0, cid, 4, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        return "b" + Base32.toBase32String(cid).replace("=", "").toLowerCase(Locale.ROOT);
    }

    private static byte[] canonical(String name, long sequence, Cid target, Instant notAfter) {
        // One field per line in a fixed order; no field can contain a newline, so the encoding is unambiguous.
        return (DOMAIN + "\nname:" + name + "\nsequence:" + sequence + "\ntarget:" + target
                + "\nnot-after:" + notAfter + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ed25519Sign(PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new TrustException("cannot sign a name record: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, String source) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) throw new TrustException("name record " + source + ": field '" + field + "' must be a string");
        return v.asText();
    }

    private static byte[] base64(JsonNode node, String field, String source) {
        try {
            return Base64.getDecoder().decode(text(node, field, source));
        } catch (IllegalArgumentException e) {
            throw new TrustException("name record " + source + ": field '" + field + "' is not base64");
        }
    }
}
