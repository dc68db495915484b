package io.coalition.trust.attestation.hw;

import io.coalition.eventlog.TestData;
import io.coalition.trust.TrustException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/** Recorded evidence from the shared data folder (read in place) and test-side helpers. */
final class Samples {
    private Samples() {
    }

    static byte[] bytes(String relative) {
        try {
            byte[] raw = Files.readAllBytes(TestData.require("attestation/" + relative));
            if (relative.endsWith(".hex")) {
                return HexFormat.of().parseHex(new String(raw, StandardCharsets.US_ASCII).replaceAll("\\s", ""));
            }
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<X509Certificate> certificates(String relative) {
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (var c : f.generateCertificates(new ByteArrayInputStream(bytes(relative)))) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate certificate(String relative) {
        return certificates(relative).get(0);
    }

    static X509Certificate intelRoot() {
        return certificate("sgx/intel-sgx-root-ca.der");
    }

    static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    static DcapVerifier dcap(String instant) {
        return DcapVerifier.pinnedTo(intelRoot(), at(instant));
    }

    static byte[] flip(byte[] in, int offset) {
        byte[] out = in.clone();
        out[offset] ^= 0x01;
        return out;
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static String failure(Runnable r) {
        try {
            r.run();
        } catch (TrustException e) {
            return e.getMessage();
        }
        throw new AssertionError("no TrustException");
    }

    /**
     * Replaces the PCK chain (certification data type 5) of a quote, fixing every enclosing length field;
     * no signature covers the chain, so the rest of the quote stays valid.
     */
    static byte[] withPemChain(byte[] quote, String pem) {
        int version = quote[0] & 0xFF;
        int sigLenAt = version == 3 ? 432 : version == 4 ? 632 : 54 + (int) le(quote, 50, 4);
        int sigStart = sigLenAt + 4;
        int qeStart = version == 3 ? sigStart + 128 : sigStart + 128 + 6;
        int authSizeAt = qeStart + 384 + 64;
        int authLen = (int) le(quote, authSizeAt, 2);
        int certSizeAt = authSizeAt + 2 + authLen + 2;
        int oldLen = (int) le(quote, certSizeAt, 4);
        byte[] data = pem.getBytes(StandardCharsets.US_ASCII);
        int delta = data.length - oldLen;
        byte[] out = new byte[certSizeAt + 4 + data.length];
        System.arraycopy(quote, 0, out, 0, certSizeAt + 4);
        System.arraycopy(data, 0, out, certSizeAt + 4, data.length);
        putLe(out, certSizeAt, 4, data.length);
        putLe(out, sigLenAt, 4, le(quote, sigLenAt, 4) + delta);
        if (version != 3) putLe(out, sigStart + 130, 4, le(quote, sigStart + 130, 4) + delta);
        return out;
    }

    static String pem(List<X509Certificate> chain) {
        StringBuilder sb = new StringBuilder();
        try {
            for (X509Certificate c : chain) {
                sb.append("-----BEGIN CERTIFICATE-----\n")
                        .append(java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return sb.toString();
    }

    /** A self-signed CA with the same subject as {@code original} but a key of our own. */
    static X509Certificate impostor(X509Certificate original) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            X500Name name = X500Name.getInstance(original.getSubjectX500Principal().getEncoded());
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.TWO, original.getNotBefore(),
                    original.getNotAfter(), name, kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long le(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = v << 8 | (b[off + i] & 0xFF);
        return v;
    }

    static void putLe(byte[] b, int off, int n, long v) {
        for (int i = 0; i < n; i++) b[off + i] = (byte) (v >>> (8 * i));
    }

    static Date date(String instant) {
        return Date.from(Instant.parse(instant));
    }
}
