package io.coalition.trustedmining;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One message a Log Provider releases to the Trusted Miner: the case index or one log segment, HPKE-encrypted to
 * the miner's attested key (RFC 9180 base mode, DHKEM X25519, HKDF-SHA256, AES-256-GCM; info = protocol label,
 * provider and session; associated data = the header) and signed by the provider (ECDSA P-256 over header,
 * encapsulated key and ciphertext).
 *
 * <p>The header carries the session (a replay from another session is refused), the sequence number (index = 0,
 * segments 1..total; a replayed or reordered segment is refused) and the number of segments, so a miner knows
 * when a provider is done and a truncated transfer is detected.
 *
 * <br>{@code kind}: index or segment
 * <br>{@code provider}: the releasing organization
 * <br>{@code session}: the session the miner opened with its evidence
 * <br>{@code sequence}: 0 for the index, 1..segments for segments
 * <br>{@code segments}: number of segments of the session
 * <br>{@code createdMillis}: release time, epoch milliseconds
 * <br>{@code encapsulatedKey}: HPKE encapsulated key
 * <br>{@code ciphertext}: HPKE ciphertext (payload and tag)
 * <br>{@code signature}: provider's ECDSA P-256 signature (DER) over {@link #signedBytes()}, or, for a member of a
 * batch released together, one signature over the batch's manifest (the SHA-256 of each member's signed bytes)
 *
 * <p>Immutable: public accessors return copies; the header is encoded once, and the provider and miner sign,
 * verify, hash and decrypt from package-private views, so a segment's ciphertext is not copied per check.
 */
public final class SealedMessage {
    /** Protocol label; part of the HPKE info and of the signed bytes. */
    public static final String PROTOCOL = "coalition/trusted-mining/v2";

    public enum Kind { INDEX, SEGMENT }

    private final Kind kind;
    private final String provider;
    private final String session;
    private final int sequence;
    private final int segments;
    private final long createdMillis;
    private final byte[] encapsulatedKey;
    private final byte[] ciphertext;
    private final byte[] signature;
    /** First sequence of the batch the signature covers, 0 when it covers this message alone. */
    private final int batchFirst;
    /** SHA-256 of each batch member's signed bytes, in sequence order (empty when signed alone). */
    private final byte[] batchHashes;
    /** Encoded once: it is the AAD, part of the signed bytes and of the wire form. */
    private final byte[] header;

    public SealedMessage(Kind kind, String provider, String session, int sequence, int segments, long createdMillis,
                         byte[] encapsulatedKey, byte[] ciphertext, byte[] signature) {
        this(kind, provider, session, sequence, segments, createdMillis, encapsulatedKey.clone(), ciphertext.clone(),
                signature.clone(), 0, new byte[0]);
    }

    /** Takes ownership of the arrays (no copies): for arrays nobody else holds. */
    private SealedMessage(Kind kind, String provider, String session, int sequence, int segments, long createdMillis,
                          byte[] encapsulatedKey, byte[] ciphertext, byte[] signature, int batchFirst, byte[] batchHashes) {
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
        this.provider = java.util.Objects.requireNonNull(provider, "provider");
        this.session = java.util.Objects.requireNonNull(session, "session");
        this.sequence = sequence;
        this.segments = segments;
        this.createdMillis = createdMillis;
        this.encapsulatedKey = encapsulatedKey;
        this.ciphertext = ciphertext;
        this.signature = signature;
        this.batchFirst = batchFirst;
        this.batchHashes = batchHashes;
        this.header = encodeHeader();
    }

    /** An unsigned message owning {@code encapsulatedKey} and {@code ciphertext}; sign it with {@link #withSignature}. */
    static SealedMessage unsigned(Kind kind, String provider, String session, int sequence, int segments,
                                  long createdMillis, byte[] encapsulatedKey, byte[] ciphertext) {
        return new SealedMessage(kind, provider, session, sequence, segments, createdMillis, encapsulatedKey, ciphertext,
                new byte[0], 0, new byte[0]);
    }

    /** This message with its own {@code signature} over {@link #signedBytes()} (owned), sharing the other arrays. */
    SealedMessage withSignature(byte[] signature) {
        return new SealedMessage(kind, provider, session, sequence, segments, createdMillis, encapsulatedKey, ciphertext,
                signature, 0, new byte[0]);
    }

    /**
     * This message as a member of a batch signed once: {@code signature} is over {@link #batchManifest} of the
     * batch's {@code hashes} (SHA-256 of each member's signed bytes, from sequence {@code first} on). Arrays owned.
     */
    SealedMessage withBatchSignature(int first, byte[] hashes, byte[] signature) {
        if (first < 0 || hashes.length == 0 || hashes.length % 32 != 0 || sequence < first || sequence >= first + hashes.length / 32) {
            throw new IllegalArgumentException("sequence " + sequence + " is not in a batch of " + hashes.length / 32 + " from " + first);
        }
        return new SealedMessage(kind, provider, session, sequence, segments, createdMillis, encapsulatedKey, ciphertext,
                signature, first, hashes);
    }

    /**
     * First sequence of the batch whose signature this message carries (0 for the batch that starts with the case
     * index); 0 too when signed alone, which {@link #batchHashesView()} being empty tells apart.
     */
    public int batchFirst() {
        return batchFirst;
    }

    /** SHA-256 of each batch member's signed bytes, 32 bytes each, in sequence order; empty when signed alone. */
    public byte[] batchHashes() {
        return batchHashes.clone();
    }

    byte[] batchHashesView() {
        return batchHashes;
    }

    /**
     * What a batch signature covers: protocol label, provider, session, first sequence and the members' hashes.
     * Each hash covers a member's header (kind, session, sequence, count, time), encapsulated key and ciphertext,
     * so one signature authenticates every member as strongly as a signature each.
     */
    static byte[] batchManifest(String provider, String session, int first, byte[] hashes) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64 + hashes.length);
        try (DataOutputStream out = new DataOutputStream(b)) {
            writeString(out, PROTOCOL + " batch");
            writeString(out, provider);
            writeString(out, session);
            out.writeInt(first);
            writeBytes(out, hashes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** SHA-256 of {@link #signedBytes()}, computed without building them: a batch member's hash. */
    byte[] signedDigest() {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            for (byte[] part : new byte[][]{header, encapsulatedKey, ciphertext}) {
                d.update(length(part.length));
                d.update(part);
            }
            return d.digest();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Kind kind() {
        return kind;
    }

    public String provider() {
        return provider;
    }

    public String session() {
        return session;
    }

    public int sequence() {
        return sequence;
    }

    public int segments() {
        return segments;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public byte[] encapsulatedKey() {
        return encapsulatedKey.clone();
    }

    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** Canonical header encoding: the HPKE associated data. */
    public byte[] header() {
        return header.clone();
    }

    // Package-private views without copies, for the provider and the miner (they never modify them).
    byte[] headerView() {
        return header;
    }

    byte[] ciphertextView() {
        return ciphertext;
    }

    int encapsulatedKeyLength() {
        return encapsulatedKey.length;
    }

    private byte[] encodeHeader() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            writeString(out, PROTOCOL);
            out.writeByte(kind.ordinal());
            writeString(out, provider);
            writeString(out, session);
            out.writeInt(sequence);
            out.writeInt(segments);
            out.writeLong(createdMillis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** Feeds {@link #signedBytes()} to a signature without building them. */
    void updateSigned(java.security.Signature s) throws java.security.SignatureException {
        s.update(length(header.length));
        s.update(header);
        s.update(length(encapsulatedKey.length));
        s.update(encapsulatedKey);
        s.update(length(ciphertext.length));
        s.update(ciphertext);
    }

    /** SHA-256 of {@link #encode()} (what the notary records), without building the wire form. */
    byte[] sha256() {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            for (byte[] part : new byte[][]{header, encapsulatedKey, ciphertext}) {
                d.update(length(part.length));
                d.update(part);
            }
            d.update(length(batchFirst));
            d.update(length(batchHashes.length));
            d.update(batchHashes);
            d.update(length(signature.length));
            d.update(signature);
            return d.digest();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] length(int n) {
        return new byte[]{(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    /** HPKE info: binds the key schedule to the protocol, provider and session. */
    static byte[] info(String provider, String session) {
        return (PROTOCOL + "\n" + provider + "\n" + session).getBytes(StandardCharsets.UTF_8);
    }

    /** What the provider signs: header, encapsulated key and ciphertext, each length-prefixed. */
    public byte[] signedBytes() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            writeBytes(out, header);
            writeBytes(out, encapsulatedKey);
            writeBytes(out, ciphertext);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /**
     * The wire form: signed bytes, the batch (first sequence, members' hashes; 0 and none when signed alone), the
     * signature; its SHA-256 is what the notary records.
     */
    public byte[] encode() {
        ByteArrayOutputStream b = new ByteArrayOutputStream(16 + header.length + encapsulatedKey.length + ciphertext.length
                + signature.length);
        try (DataOutputStream out = new DataOutputStream(b)) {
            writeBytes(out, header);
            writeBytes(out, encapsulatedKey);
            writeBytes(out, ciphertext);
            out.writeInt(batchFirst);
            writeBytes(out, batchHashes);
            writeBytes(out, signature);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** Parses {@link #encode()}'s output strictly; errors name the field. */
    public static SealedMessage decode(byte[] wire) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire))) {
            byte[] header = readBytes(in, "header");
            byte[] enc = readBytes(in, "encapsulated key");
            byte[] ct = readBytes(in, "ciphertext");
            int first = in.readInt();
            byte[] hashes = readBytes(in, "batch hashes");
            byte[] sig = readBytes(in, "signature");
            if (in.available() > 0) throw new TrustedMiningException("sealed message: " + in.available() + " bytes after the signature");
            DataInputStream h = new DataInputStream(new ByteArrayInputStream(header));
            String protocol = readString(h, "protocol");
            if (!protocol.equals(PROTOCOL)) {
                throw new TrustedMiningException("sealed message: protocol '" + protocol + "', expected '" + PROTOCOL + "'");
            }
            int kind = h.readUnsignedByte();
            if (kind >= Kind.values().length) throw new TrustedMiningException("sealed message: unknown kind " + kind);
            SealedMessage m = new SealedMessage(Kind.values()[kind], readString(h, "provider"), readString(h, "session"),
                    h.readInt(), h.readInt(), h.readLong(), enc, ct, sig, first, hashes);
            if (first < 0 || hashes.length % 32 != 0 || (hashes.length == 0 && first != 0)) {
                throw new TrustedMiningException("sealed message: batch from " + first + " with " + hashes.length
                        + " bytes of hashes (expected 32 per member, none and from 0 when signed alone)");
            }
            if (hashes.length > 0 && (m.sequence() < first || m.sequence() >= first + hashes.length / 32)) {
                throw new TrustedMiningException("sealed message: sequence " + m.sequence() + " is not in its batch of "
                        + hashes.length / 32 + " from " + first);
            }
            if (h.available() > 0) throw new TrustedMiningException("sealed message: " + h.available() + " bytes after the header");
            return m;
        } catch (IOException e) {
            throw new TrustedMiningException("sealed message: truncated (" + wire.length + " bytes)", e);
        }
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in, String field) throws IOException {
        return new String(readBytes(in, field), StandardCharsets.UTF_8);
    }

    static byte[] readBytes(DataInputStream in, String field) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new TrustedMiningException("sealed message: " + field + " length " + n + " exceeds the "
                    + in.available() + " bytes left");
        }
        return in.readNBytes(n);
    }

    @Override
    public String toString() {
        return "SealedMessage[" + kind + " " + provider + " session=" + session + " seq=" + sequence + "/" + segments
                + " ct=" + ciphertext.length + "B sig=" + HexFormat.of().formatHex(signature, 0, Math.min(4, signature.length)) + "...]";
    }
}
