package io.coalition.trust.attestation;

import io.coalition.trust.TrustException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;

/**
 * The 64 bytes an attester puts into its report to bind the evidence to one verification and two keys:
 * the verifier's nonce (freshness), the TLS key (the channel) and the HPKE key (what parties encrypt to).
 *
 * <p>Canonical encoding, hashed with SHA-512 to give {@link #bytes()}:
 * <pre>
 *   "coalition/report-data/v1"      24 ASCII bytes, a domain label
 *   u16 len ‖ nonce                 16 to 64 bytes, fresh from the verifier
 *   u16 32  ‖ SHA-256(TLS SubjectPublicKeyInfo DER)
 *   u16 len ‖ HPKE public key       the raw KEM key (32 bytes for X25519)
 * </pre>
 * u16 is big-endian. Every field is length-prefixed, so no two inputs share an encoding.
 */
public record ReportData(byte[] nonce, byte[] tlsKeySha256, byte[] hpkePublicKey) {
    static final byte[] LABEL = "coalition/report-data/v1".getBytes(StandardCharsets.US_ASCII);

    public ReportData {
        if (nonce.length < 16 || nonce.length > 64) {
            throw new TrustException("report data: the nonce has " + nonce.length + " bytes, expected 16 to 64");
        }
        if (tlsKeySha256.length != 32) {
            throw new TrustException("report data: the TLS key hash has " + tlsKeySha256.length + " bytes, expected 32 (SHA-256)");
        }
        if (hpkePublicKey.length == 0 || hpkePublicKey.length > 1024) {
            throw new TrustException("report data: the HPKE public key has " + hpkePublicKey.length + " bytes, expected 1 to 1024");
        }
        nonce = nonce.clone();
        tlsKeySha256 = tlsKeySha256.clone();
        hpkePublicKey = hpkePublicKey.clone();
    }

    /** Binds {@code nonce}, the TLS public key (hashed over its SubjectPublicKeyInfo) and the HPKE key. */
    public static ReportData of(byte[] nonce, PublicKey tlsKey, byte[] hpkePublicKey) {
        return new ReportData(nonce, sha256(tlsKey.getEncoded()), hpkePublicKey);
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] tlsKeySha256() {
        return tlsKeySha256.clone();
    }

    @Override
    public byte[] hpkePublicKey() {
        return hpkePublicKey.clone();
    }

    /** The canonical encoding (see the class comment), before hashing. */
    public byte[] encoding() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(LABEL);
        field(out, nonce);
        field(out, tlsKeySha256);
        field(out, hpkePublicKey);
        return out.toByteArray();
    }

    /** SHA-512 of {@link #encoding()}: the 64 bytes of report data. */
    public byte[] bytes() {
        try {
            return MessageDigest.getInstance("SHA-512").digest(encoding());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >>> 8);
        out.write(b.length & 0xff);
        out.writeBytes(b);
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ReportData[nonce=" + java.util.HexFormat.of().formatHex(nonce) + "]";
    }
}
