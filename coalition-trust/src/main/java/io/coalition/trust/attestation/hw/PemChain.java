package io.coalition.trust.attestation.hw;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Strict reader of the PCK certificate chain in DCAP certification data type 5: concatenated PEM
 * certificates, with only whitespace between them and optional NUL padding at the end (Intel's quoting
 * library writes a terminating NUL).
 */
final class PemChain {
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";

    private PemChain() {
    }

    /** @param base offset of {@code pem} in the whole quote, for error messages */
    static List<X509Certificate> parse(String format, byte[] pem, long base) {
        int len = pem.length;
        while (len > 0 && pem[len - 1] == 0) len--;
        for (int i = 0; i < len; i++) {
            int c = pem[i] & 0xFF;
            if (c > 0x7E || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
                throw new EvidenceFormatException(format, "certification_data (PEM)", base + i,
                        "byte 0x" + Integer.toHexString(c) + " is not PEM text");
            }
        }
        String text = new String(pem, 0, len, StandardCharsets.US_ASCII);
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        List<X509Certificate> chain = new ArrayList<>();
        int pos = 0;
        while (true) {
            int start = skipWhitespace(text, pos);
            if (start == text.length()) break;
            if (!text.startsWith(BEGIN, start)) {
                throw new EvidenceFormatException(format, "certification_data (PEM)", base + start,
                        "expected '" + BEGIN + "'");
            }
            int bodyStart = start + BEGIN.length();
            int endAt = text.indexOf(END, bodyStart);
            if (endAt < 0) {
                throw new EvidenceFormatException(format, "certification_data (PEM)", base + start,
                        "certificate " + (chain.size() + 1) + " has no '" + END + "'");
            }
            String body = text.substring(bodyStart, endAt).replaceAll("[\\r\\n\\t ]", "");
            byte[] der;
            try {
                der = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new EvidenceFormatException(format, "certification_data (PEM)", base + bodyStart,
                        "certificate " + (chain.size() + 1) + " is not valid base64: " + e.getMessage());
            }
            chain.add(certificate(format, factory, der, base + bodyStart, chain.size() + 1));
            pos = endAt + END.length();
        }
        if (chain.isEmpty()) {
            throw new EvidenceFormatException(format, "certification_data (PEM)", base, "holds no certificate");
        }
        return List.copyOf(chain);
    }

    private static X509Certificate certificate(String format, CertificateFactory factory, byte[] der, long at,
                                               int index) {
        X509Certificate cert;
        try {
            cert = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            // The JDK's DER decoder reports some malformed encodings as unchecked exceptions; this is the
            // boundary where untrusted bytes enter it, so they all become a format error here.
            throw new EvidenceFormatException(format, "certification_data (PEM)", at,
                    "certificate " + index + " is not a DER X.509 certificate: " + e.getMessage(), e);
        }
        if (!Arrays.equals(encoded(cert), der)) {
            throw new EvidenceFormatException(format, "certification_data (PEM)", at,
                    "certificate " + index + " has bytes after its DER encoding");
        }
        return cert;
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateException e) {
            return new byte[0];
        }
    }

    private static int skipWhitespace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }
}
