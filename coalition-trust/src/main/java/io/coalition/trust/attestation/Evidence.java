package io.coalition.trust.attestation;

import io.coalition.trust.TrustException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What an Attester produces (RFC 9334 section 3.2): the platform's signed statement in {@link #bytes()},
 * identified by {@link #mediaType()}, plus the endorsements needed to appraise it.
 *
 * <p>{@link #encode()} gives the canonical binary form carried in the attested-TLS certificate extension:
 * {@code "CEV1"}, then the media type, the bytes and each endorsement's media type and bytes, every item as a
 * 4-byte big-endian length followed by its bytes, endorsements preceded by their 4-byte count.
 * {@link #decode} is its strict inverse.
 */
public record Evidence(String mediaType, byte[] bytes, List<Endorsement> endorsements) {
    /** Coalition's software-simulated evidence ({@link SimulatedAttester}); never hardware-backed. */
    public static final String SIMULATED = "application/vnd.coalition.sim-evidence.v1";
    /** An Intel SGX DCAP ECDSA quote, version 3. */
    public static final String SGX_DCAP_QUOTE = "application/vnd.intel.sgx-dcap-quote";
    /** An Intel TDX ECDSA quote, version 4 or 5. */
    public static final String TDX_QUOTE = "application/vnd.intel.tdx-quote";
    /** An AMD SEV-SNP attestation report (1184 bytes). */
    public static final String SEV_SNP_REPORT = "application/vnd.amd.sev-snp-report";

    private static final byte[] MAGIC = "CEV1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ITEM = 1 << 20;

    public Evidence {
        checkMediaType(mediaType, "evidence");
        if (bytes.length == 0) throw new TrustException("evidence " + mediaType + ": no bytes");
        bytes = bytes.clone();
        endorsements = List.copyOf(endorsements);
    }

    public Evidence(String mediaType, byte[] bytes) {
        this(mediaType, bytes, List.of());
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The endorsement with this media type, if any. */
    public java.util.Optional<Endorsement> endorsement(String type) {
        return endorsements.stream().filter(e -> e.mediaType().equals(type)).findFirst();
    }

    static void checkMediaType(String mediaType, String what) {
        if (mediaType == null || mediaType.isBlank() || !mediaType.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+;=-]+")) {
            throw new TrustException(what + ": '" + mediaType + "' is not a media type (type/subtype in lower case)");
        }
    }

    /** The canonical encoding (see the class comment). */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        item(out, mediaType.getBytes(StandardCharsets.US_ASCII));
        item(out, bytes);
        out.writeBytes(ByteBuffer.allocate(4).putInt(endorsements.size()).array());
        for (Endorsement e : endorsements) {
            item(out, e.mediaType().getBytes(StandardCharsets.US_ASCII));
            item(out, e.bytes());
        }
        return out.toByteArray();
    }

    private static void item(ByteArrayOutputStream out, byte[] b) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        out.writeBytes(b);
    }

    /**
     * Parses {@link #encode()}'s output.
     *
     * @throws TrustException naming the offset and what was expected
     */
    public static Evidence decode(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        if (encoded.length < 4 || !java.util.Arrays.equals(java.util.Arrays.copyOf(encoded, 4), MAGIC)) {
            throw new TrustException("encoded evidence: offset 0: expected the magic 'CEV1'");
        }
        in.position(4);
        String type = new String(item(in, "media type"), StandardCharsets.US_ASCII);
        byte[] body = item(in, "evidence bytes");
        int count = int32(in, "endorsement count");
        if (count < 0 || count > 16) {
            throw new TrustException("encoded evidence: offset " + (in.position() - 4) + ": endorsement count " + count
                    + ", expected 0 to 16");
        }
        List<Endorsement> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String t = new String(item(in, "endorsement " + i + " media type"), StandardCharsets.US_ASCII);
            list.add(new Endorsement(t, item(in, "endorsement " + i + " bytes")));
        }
        if (in.hasRemaining()) {
            throw new TrustException("encoded evidence: offset " + in.position() + ": " + in.remaining()
                    + " trailing bytes, expected the end");
        }
        return new Evidence(type, body, list);
    }

    private static int int32(ByteBuffer in, String what) {
        if (in.remaining() < 4) {
            throw new TrustException("encoded evidence: offset " + in.position() + ": truncated " + what
                    + " (expected a 4-byte length)");
        }
        return in.getInt();
    }

    private static byte[] item(ByteBuffer in, String what) {
        int at = in.position();
        int n = int32(in, what + " length");
        if (n < 0 || n > MAX_ITEM || n > in.remaining()) {
            throw new TrustException("encoded evidence: offset " + at + ": " + what + " length " + n + ", but "
                    + in.remaining() + " bytes remain");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    @Override
    public String toString() {
        return "Evidence[" + mediaType + ", " + bytes.length + " bytes, " + endorsements.size() + " endorsements]";
    }
}
